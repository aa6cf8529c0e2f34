// What the server tells the rich-text editor in the browser (the mount's data-config attribute:
// data, never code, so CSP's script-src 'self' holds). Shared by the page and the bundle.
import type { CheckMessages } from '../richtext/checks.js';
import type { RichTextDoc } from '../richtext/richtext.js';

export interface EditorMessages {
  toolbar: string;
  bold: string;
  italic: string;
  underline: string;
  link: string;
  paragraph: string;
  heading: string;
  bulletList: string;
  orderedList: string;
  blockquote: string;
  insertTable: string;
  addRow: string;
  addColumn: string;
  deleteRow: string;
  deleteColumn: string;
  deleteTable: string;
  toggleHeaderRow: string;
  image: string;
  undo: string;
  redo: string;
  linkAddress: string;
  linkInvalid: string;
  apply: string;
  removeLink: string;
  cancel: string;
  close: string;
  pickerTitle: string;
  pickerSearch: string;
  pickerNone: string;
  pickerUpload: string;
  pickerUploadButton: string;
  pickerAlt: string;
  pickerAltHint: string;
  pickerCaption: string;
  pickerInsert: string;
  pickerChooseFirst: string;
  pickerAltRequired: string;
  pickerError: string;
  previousPage: string;
  nextPage: string;
  imageAlt: string;
  imageCaption: string;
  imageAltRequired: string;
  removeImage: string;
  saving: string;
  savedAt: string;
  notSaved: string;
  offline: string;
  titleNeeded: string;
  conflictTitle: string;
  conflictText: string;
  theirVersion: string;
  yourVersion: string;
  keepMine: string;
  takeTheirs: string;
  mergeTheirs: string;
  restoreTitle: string;
  restoreText: string;
  restore: string;
  discard: string;
  alsoEditing: string;
  termFound: string;
  autosaveOff: string;
  checksTitle: string;
  checksNone: string;
  /** With {n}: how many warnings there are. */
  checksCount: string;
  checksMore: string;
  checksShow: string;
  checks: CheckMessages;
  errors: Record<string, string>;
}

export interface EditorConfig {
  /** null for an article not yet created (the first autosave creates it). */
  articleId: number | null;
  revision: number;
  /** Whether to autosave (drafts and items in review; approved or public text is saved by hand). */
  autosave: boolean;
  doc: RichTextDoc;
  terms: string[];
  /** Thumbnails of the library images in the document, by media id. */
  thumbs: Record<string, string>;
  mediaUrl: string;
  autosaveUrl: string;
  createUrl: string;
  presenceUrl: string;
  messages: EditorMessages;
}
