// The jieba tokenizer lives in platform/text (the knowledge base, below cases, searches with it too).
export { searchText, searchWords, similarity } from '../../platform/text/search-text.ts';
