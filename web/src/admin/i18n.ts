/** @module The admin page's vue-i18n instance (Chinese default), shared by components and by the stores' error texts. */
import { setupI18n } from '../common/i18n';
import { adminMessages } from './messages';

export const i18n = setupI18n(adminMessages);
