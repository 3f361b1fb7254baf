/**
 * The state buildSchedule (build.ts) shares with the modules that hold groups of its helpers
 * (thread-creators.ts, ...): the inputs, the schedule and emitter being filled, and the maps the
 * orchestrator fills while deciding creators, makers and holders. One object, built once near the
 * top of buildSchedule, so a module takes one argument instead of dozens; each module's factory
 * reads the fields it needs when it is made, so a field must be set (an empty map is enough: the
 * orchestrator fills it later) before the first factory call. Functions of build.ts declared
 * further down are passed as wrappers that look them up when called. No logic here.
 */
import type { PlannedTask as Task } from './unknowns.js';
import type { Facts } from './facts.js';
import type { CreatorModel } from './creators.js';
import type { Emitter } from './emit.js';
import type { Schedule } from './schedule.js';

export interface BuildContext {
  f: Facts;
  m: CreatorModel;
  em: Emitter;
  s: Schedule;
  /** a task as its creator-side objects count: a zombie's or dead leader's stand-in (build.ts eff) */
  eff: (t: Task) => Task;
  /** the member chosen to create each namespace a member creates */
  nsCreator: Map<string, Task>;
}
