// Every scenario on the virtual MC7455 reached over QMI and AT: fixed as the wizard fixes it,
// then undone exactly (matrix.ts).

import { fixMatrix } from './matrix.ts';

fixMatrix('mc7455', 'qmi');
