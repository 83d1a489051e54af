// Every scenario on the virtual MC7455: fixed as the wizard fixes it, then undone exactly (matrix.ts).

import { fixMatrix } from './matrix.ts';

fixMatrix('mc7455');
