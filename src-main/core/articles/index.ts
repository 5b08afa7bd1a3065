export { importArticleBytes, importArticleFile } from './import-file';
export { articleFromText } from './pasted';
export { SUPPORTED_EXTENSIONS } from './formats';
