/**
 * @module Times people read on the web pages, on the organisation's clock: the shared formatter
 * (`shared/format`), re-exported under the name the pages already use.
 */
export { clockTime, dayTime, dateTime, durationText } from '../../../shared/format/time';
