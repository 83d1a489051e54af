// Every scenario on the virtual SIM7600 reached over QMI and AT: fixed as the wizard fixes it,
// then undone exactly (matrix.ts).

import { fixMatrix } from './matrix.ts';

fixMatrix('sim7600', 'qmi');
