import {runCommandLine} from './main.js';

void runCommandLine(process);
