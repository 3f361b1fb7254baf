/** The op runner's own refusals (ACTOR-*): not kernel rules, but what an executor must report. */
import test from 'ava';
import { Sim, clone, err, ok, withSession } from './helpers.js';

test('ACTOR-1 an op by an unknown actor -> ESRCH', (t) => {
  const s = new Sim();
  err(t, s, { op: 'setsid', actor: 'nobody' }, 'ESRCH', 'ACTOR-1');
});

test('ACTOR-2 an op by an actor whose thread has exited -> ESRCH', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), { op: 'exit', actor: 'b', code: 0 });
  err(t, s, { op: 'setsid', actor: 'b' }, 'ESRCH', 'ACTOR-2');
});

test('ACTOR-3 an op by a stopped actor -> EAGAIN (a stopped task makes no syscalls)', (t) => {
  const s = new Sim();
  withSession(t, s);
  ok(t, s, clone('a', 'b'), { op: 'stop', actor: 'b' });
  err(t, s, clone('b', 'c'), 'EAGAIN', 'ACTOR-3');
});

test('ACTOR-4 a clone whose child name is taken -> EEXIST, nothing created', (t) => {
  const s = new Sim();
  withSession(t, s);
  const before = s.k.tasks.size;
  err(t, s, clone('a', 'a'), 'EEXIST', 'ACTOR-4');
  t.is(s.k.tasks.size, before);
});
