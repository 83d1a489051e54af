// Every scenario on the virtual EC25 reached over its AT ports alone (an AT-only module,
// or a QMI port the doctor was not given): fixed, then undone exactly (matrix.ts).

import { fixMatrix } from './matrix.ts';

fixMatrix('ec25', 'at');
