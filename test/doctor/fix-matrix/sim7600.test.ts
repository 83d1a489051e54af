// Every scenario on the virtual SIM7600: fixed as the wizard fixes it, then undone exactly (matrix.ts).

import { fixMatrix } from './matrix.ts';

fixMatrix('sim7600');
