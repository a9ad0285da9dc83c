import { randomUUID } from 'node:crypto';
import { AppError } from '../contract/errors.js';
import type { AnswerStats, HistoryEntry, PlaygroundTarget, PromptMode, SamplingParams } from '../contract/playground.js';
import type { Db } from '../store/database.js';

interface RunRow {
  id: string;
  mode: PromptMode;
  system: string;
  prompt: string;
  params: string;
  created_at: number;
}

interface AnswerRow {
  run_id: string;
  position: number;
  target_id: string;
  label: string;
  target: string;
  text: string;
  stats: string | null;
}

export interface NewRun {
  mode: PromptMode;
  system: string;
  prompt: string;
  params: SamplingParams;
  targets: { targetId: string; label: string; target: PlaygroundTarget }[];
}

/** Playground history (migration 4): each Send is a run; each target's answer is saved when it finishes. */
export class PlaygroundHistoryRepo {
  constructor(private readonly db: Db) {}

  create(run: NewRun, now = Date.now()): string {
    const id = randomUUID();
    const insertRun = this.db.prepare('INSERT INTO playground_runs (id, mode, system, prompt, params, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const insertAnswer = this.db.prepare('INSERT INTO playground_answers (run_id, position, target_id, label, target) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      insertRun.run(id, run.mode, run.system, run.prompt, JSON.stringify(run.params), now);
      run.targets.forEach((t, i) => insertAnswer.run(id, i, t.targetId, t.label, JSON.stringify(t.target)));
    })();
    return id;
  }

  /** Records one target's finished (or stopped) answer; a run deleted meanwhile is ignored. */
  setAnswer(runId: string, position: number, text: string, stats: AnswerStats | null): void {
    this.db.prepare('UPDATE playground_answers SET text = ?, stats = ? WHERE run_id = ? AND position = ?').run(text, stats ? JSON.stringify(stats) : null, runId, position);
  }

  /** Newest first; with `targetId`, only runs that asked that target. */
  list(opts: { targetId?: string; limit: number }): HistoryEntry[] {
    const runs = (
      opts.targetId
        ? this.db
            .prepare(
              `SELECT * FROM playground_runs WHERE id IN (SELECT run_id FROM playground_answers WHERE target_id = ?)
               ORDER BY created_at DESC, rowid DESC LIMIT ?`,
            )
            .all(opts.targetId, opts.limit)
        : this.db.prepare('SELECT * FROM playground_runs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(opts.limit)
    ) as RunRow[];
    if (runs.length === 0) return [];
    const answers = this.db
      .prepare(`SELECT * FROM playground_answers WHERE run_id IN (${runs.map(() => '?').join(',')}) ORDER BY run_id, position`)
      .all(...runs.map((r) => r.id)) as AnswerRow[];
    const byRun = new Map<string, AnswerRow[]>();
    for (const a of answers) byRun.set(a.run_id, [...(byRun.get(a.run_id) ?? []), a]);
    return runs.map((r) => ({
      id: r.id,
      mode: r.mode,
      system: r.system,
      prompt: r.prompt,
      params: JSON.parse(r.params) as SamplingParams,
      createdAt: r.created_at,
      answers: (byRun.get(r.id) ?? []).map((a) => ({
        targetId: a.target_id,
        label: a.label,
        target: JSON.parse(a.target) as PlaygroundTarget,
        text: a.text,
        stats: a.stats ? (JSON.parse(a.stats) as AnswerStats) : null,
      })),
    }));
  }

  remove(id: string): void {
    if (this.db.prepare('DELETE FROM playground_runs WHERE id = ?').run(id).changes === 0) throw new AppError('NOT_FOUND', `No playground run with id ${id}`, { id });
  }
}
