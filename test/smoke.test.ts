import test from 'ava';
import { errnoName } from '../kernel/errno.js';

test('errno names round-trip', (t) => {
  t.is(errnoName(22), 'EINVAL');
  t.is(errnoName(999), 'E999');
});
