// The editor's words for the browser, from the workspace's messages (the compiler checks that
// the i18n block has every key the editor reads).
import type { EditorMessages } from './editor-config.js';
import type { AdminMessages } from './i18n.js';

export const editorMessagesFor = (m: AdminMessages): EditorMessages => m.editor;
