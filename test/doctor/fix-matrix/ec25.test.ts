// Every scenario on the virtual EC25 reached over QMI and AT: fixed as the wizard fixes it,
// then undone exactly (matrix.ts).

import { fixMatrix } from './matrix.ts';

fixMatrix('ec25', 'qmi');
