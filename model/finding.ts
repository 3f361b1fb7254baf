/** A validation finding: why an image describes a state Linux cannot produce (or cannot restore). */
export interface Finding {
  /** stable code of the rule module, e.g. SESSION_LEADER_WRONG_GROUP */
  code: string;
  /** kernel rule(s) it derives from, ids of docs/kernel-rules.md, e.g. "SID-2" */
  kernelRule: string;
  severity: 'error' | 'warning';
  /** one line, culprits named */
  message: string;
  /** level-0 tids of the culprit tasks */
  tasks: number[];
  /** objrefs of the culprit namespaces / nsproxies */
  objects: string[];
  /** the chain of reasons, in plain words, each a sentence: why this state cannot arise under Linux */
  chain: string[];
  /** where in the file: JSON path (e.g. "$.tasks[3].sid") and, when known, the line */
  path?: string;
  line?: number;
}
