/**
 * @module Entry of the /sidebar page, in two steps: this small chunk starts the first requests (first-loads),
 * then runs the app (`app.ts`: Vue, Pinia, vue-i18n, the header). The app's chunk is fetched and compiled in
 * parallel from the start (a modulepreload the build adds, vite.config.ts), so the requests no longer wait for
 * the whole app's code to be parsed.
 */
import './first-loads';

void import('./app');
