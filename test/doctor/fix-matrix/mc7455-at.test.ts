// Every scenario on the virtual MC7455 reached over its AT ports alone (an AT-only module,
// or a QMI port the doctor was not given): fixed, then undone exactly (matrix.ts).

import { fixMatrix } from './matrix.ts';

fixMatrix('mc7455', 'at');
