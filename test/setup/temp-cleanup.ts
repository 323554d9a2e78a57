import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/temp.js';

// Runs in every test file (vitest setupFiles): the file's temp folders go when it ends.
afterAll(() => removeTempDirs());
