/**
 * esbuild's async API (the bundle recipe's buildBundle) starts a service child process that the
 * loaded esbuild module keeps for later calls. Jest loads a fresh copy of the module for each test
 * file, so each file that built a bundle left a service behind in the worker, and with it, through
 * the child's pipes and their listeners, that file's whole module registry. Stopped when the file
 * ends; a file that never used esbuild only pays for loading the module.
 */
import { stop } from 'esbuild';

afterAll(() => stop());
