export { importArticleBytes, importArticleFile } from './importer';
export { articleFromText } from './pasted';
export { SUPPORTED_EXTENSIONS } from './extensions';
