// One edit distance for the whole engine (optimal string alignment: ngnix/nginx = 1), with an
// optional limit past which it stops early.
export { editDistance } from '../schema/didYouMean';
