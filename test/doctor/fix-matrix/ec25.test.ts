// Every scenario on the virtual EC25: fixed as the wizard fixes it, then undone exactly (matrix.ts).

import { fixMatrix } from './matrix.ts';

fixMatrix('ec25');
