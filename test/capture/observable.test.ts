// capture/observable.ts: the group and session vectors a live capture can tell.
import test from 'ava';
import { asLiveCaptureSees } from '../../capture/observable.js';
import type { Image, Task } from '../../model/image.js';

const task = (pid: number[], pgid: number[], sid: number[]): Task => ({
  pid, tgid: pid[0], ppid: 1, pgid, sid, state: 'running', subreaper: false, comm: 'x', pidns: 'pid:0', userns: 'user:0',
  nsproxy: null, files: null, fs: null, sighand: null, mm: null, execed: false, ignoresSigchld: false,
} as Task);

test('a gone leader\'s group is seen through the member\'s own levels, trailing zeros dropped; a present leader keeps its full vector', (t) => {
  const image = { tasks: [task([1], [1], [1]), task([5], [4, 2], [1]), task([6, 1], [6, 1], [9, 0]), task([7], [6, 1], [1])], namespaces: [], nsproxies: [] } as unknown as Image;
  const seen = asLiveCaptureSees(image).tasks;
  t.deepEqual(seen[1].pgid, [4], 'leader 4 gone: only 5\'s level');
  t.deepEqual(seen[2].sid, [9], 'leader 9 gone: trailing zero dropped');
  t.deepEqual(seen[3].pgid, [6, 1], 'leader 6 present: its full NSpid');
  t.deepEqual(image.tasks[1].pgid, [4, 2], 'the input is not modified');
});

test('a gone leader\'s deeper numbers: the captured prefix is accepted, a different vector is not', (t) => {
  const image = { tasks: [task([84, 8, 3], [12, 8, 4], [1])], namespaces: [], nsproxies: [] } as unknown as Image;
  const prefix = { tasks: [task([84, 8, 3], [12, 8], [1])], namespaces: [], nsproxies: [] } as unknown as Image;
  t.deepEqual(asLiveCaptureSees(image, prefix).tasks[0].pgid, [12, 8], 'level 2 invisible from 84\'s pid ns: the prefix /proc shows');
  const wrong = { tasks: [task([84, 8, 3], [12, 9], [1])], namespaces: [], nsproxies: [] } as unknown as Image;
  t.deepEqual(asLiveCaptureSees(image, wrong).tasks[0].pgid, [12, 8, 4], 'not a prefix: the image\'s own, so the diff reports it');
});
