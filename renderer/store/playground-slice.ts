import type {
  AnswerStats,
  ChatTurn,
  HistoryEntry,
  PromptMode,
  SamplingParams,
  TargetOption,
  TokenEvent,
  WorkerStatus,
} from '../../electron/contract/playground.js';
import type { ErrorShape } from '../../electron/contract/errors.js';
import type { SliceCreator } from './slice';

/** One prompt and one target's answer to it. */
export interface PlaygroundTurn {
  requestId: string;
  prompt: string;
  text: string;
  done: boolean;
  stats: AnswerStats | null;
  error: ErrorShape | null;
}

/** One side-by-side column: a target (an option id) and its own conversation. */
export interface PlaygroundColumn {
  key: number;
  optionId: string | null;
  turns: PlaygroundTurn[];
}

export const MAX_COLUMNS = 4;

// Repeated from the contract's SamplingParams defaults: the renderer keeps zod out of its bundle.
export const DEFAULT_PARAMS: SamplingParams = { greedy: false, temperature: 0.7, topP: 0.95, topK: 40, repetitionPenalty: 1.1, maxNewTokens: 256, seed: 0, stop: [] };

export interface PlaygroundSlice {
  pgTargets: TargetOption[];
  pgTargetsLoaded: boolean;
  pgColumns: PlaygroundColumn[];
  pgMode: PromptMode;
  pgSystem: string;
  pgParams: SamplingParams;
  pgDraft: string;
  /** The request whose answers are streaming (null when all are done). */
  pgRequestId: string | null;
  pgWorkers: Record<string, WorkerStatus>;
  pgHistory: HistoryEntry[];

  loadPlaygroundTargets(): Promise<void>;
  setColumnTarget(index: number, optionId: string | null): void;
  addColumn(): void;
  removeColumn(index: number): void;
  setPgMode(mode: PromptMode): void;
  setPgSystem(system: string): void;
  setPgParams(patch: Partial<SamplingParams>): void;
  setPgDraft(text: string): void;
  /** Sends the draft to every column with a target. */
  sendPrompt(): Promise<void>;
  stopPrompt(): Promise<void>;
  /** Starts fresh conversations (keeps the targets). */
  clearConversations(): void;
  applyToken(ev: TokenEvent): void;
  applyWorkerStatus(s: WorkerStatus): void;
  loadPgHistory(): Promise<void>;
  deletePgHistory(id: string): Promise<void>;
  /** Puts a saved run back on screen (its targets, mode, system prompt and parameters) and sends it again. */
  rerunHistory(entry: HistoryEntry): Promise<void>;
  /** Follows `playground:token` and `playground:status` until the returned function is called. */
  watchPlayground(): () => void;
  unloadPlayground(): Promise<void>;
}

let columnKey = 0;
const column = (optionId: string | null): PlaygroundColumn => ({ key: ++columnKey, optionId, turns: [] });

/** The earlier turns of a column's conversation, as the chat template wants them (finished answers only). */
export function conversationOf(col: PlaygroundColumn): ChatTurn[] {
  const out: ChatTurn[] = [];
  for (const t of col.turns) {
    if (!t.done || t.error) continue;
    out.push({ role: 'user', content: t.prompt }, { role: 'assistant', content: t.text });
  }
  return out;
}

/** Two default targets for a first visit: the first base model, and its fine-tune (else its GGUF). */
export function defaultTargets(options: readonly TargetOption[]): (string | null)[] {
  const usable = options.filter((o) => !o.unavailable);
  const first = usable.find((o) => o.group === 'base') ?? usable[0];
  const second = usable.find((o) => o.group === 'fine-tuned' && o.target.kind === 'engine') ?? usable.find((o) => o.id !== first?.id && o.group === 'gguf');
  return [first?.id ?? null, second?.id ?? null];
}

function updateTurn(cols: PlaygroundColumn[], ev: TokenEvent, targetOf: (optionId: string | null) => string | null): PlaygroundColumn[] {
  return cols.map((c) => {
    if (targetOf(c.optionId) !== ev.targetId) return c;
    const last = c.turns[c.turns.length - 1];
    if (!last || last.requestId !== ev.requestId || last.done) return c;
    const turn: PlaygroundTurn = ev.done
      ? { ...last, text: ev.text ?? last.text + ev.delta, done: true, stats: ev.stats ?? null, error: ev.error ?? null }
      : { ...last, text: last.text + ev.delta };
    return { ...c, turns: [...c.turns.slice(0, -1), turn] };
  });
}

export const createPlaygroundSlice: SliceCreator<PlaygroundSlice> = (set, get, client) => {
  /** Option ids are target ids (main makes them so); a column without an option has none. */
  const targetOf = (optionId: string | null) => optionId;

  return {
    pgTargets: [],
    pgTargetsLoaded: false,
    pgColumns: [column(null), column(null)],
    pgMode: 'chat',
    pgSystem: '',
    pgParams: DEFAULT_PARAMS,
    pgDraft: '',
    pgRequestId: null,
    pgWorkers: {},
    pgHistory: [],

    async loadPlaygroundTargets() {
      try {
        const targets = await client.call('playground:targets', {});
        set((s) => {
          const known = new Set(targets.map((t) => t.id));
          let cols = s.pgColumns.map((c) => (c.optionId && !known.has(c.optionId) ? { ...c, optionId: null } : c));
          // Defaults until the user picks: a model registered after the page opened (the bundled one, on a fresh install) fills empty columns.
          if (cols.every((c) => c.optionId === null && c.turns.length === 0)) {
            const [a, b] = defaultTargets(targets);
            cols = cols.map((c, i) => ({ ...c, optionId: i === 0 ? (a ?? null) : i === 1 ? (b ?? null) : c.optionId }));
          }
          return { pgTargets: targets, pgTargetsLoaded: true, pgColumns: cols };
        });
      } catch (err) {
        get().notify(err, 'Loading playground targets');
      }
    },
    setColumnTarget: (index, optionId) => set((s) => ({ pgColumns: s.pgColumns.map((c, i) => (i === index ? { ...c, optionId, turns: [] } : c)) })),
    addColumn: () => set((s) => (s.pgColumns.length >= MAX_COLUMNS ? {} : { pgColumns: [...s.pgColumns, column(null)] })),
    removeColumn: (index) => set((s) => (s.pgColumns.length <= 1 ? {} : { pgColumns: s.pgColumns.filter((_, i) => i !== index) })),
    setPgMode: (mode) => set({ pgMode: mode }),
    setPgSystem: (system) => set({ pgSystem: system }),
    setPgParams: (patch) => set((s) => ({ pgParams: { ...s.pgParams, ...patch } })),
    setPgDraft: (text) => set({ pgDraft: text }),

    async sendPrompt() {
      const s = get();
      const prompt = s.pgDraft;
      if (!prompt.trim() || s.pgRequestId) return;
      const options = new Map(s.pgTargets.map((o) => [o.id, o]));
      const chosen = s.pgColumns.filter((c) => c.optionId && options.get(c.optionId) && !options.get(c.optionId)!.unavailable);
      if (chosen.length === 0) {
        get().notify({ code: 'VALIDATION_ERROR', message: 'Choose at least one target to send the prompt to' });
        return;
      }
      try {
        const reply = await client.call('playground:send', {
          mode: s.pgMode,
          system: s.pgSystem,
          prompt,
          params: s.pgParams,
          targets: chosen.map((c) => ({ target: options.get(c.optionId!)!.target, history: s.pgMode === 'chat' ? conversationOf(c) : [] })),
        });
        const asked = new Set(chosen.map((c) => c.key));
        const turn = (): PlaygroundTurn => ({ requestId: reply.requestId, prompt, text: '', done: false, stats: null, error: null });
        set((st) => ({
          pgRequestId: reply.requestId,
          pgDraft: '',
          // Raw mode has no conversation: each prompt replaces the last.
          pgColumns: st.pgColumns.map((c) => (asked.has(c.key) ? { ...c, turns: st.pgMode === 'chat' ? [...c.turns, turn()] : [turn()] } : c)),
        }));
      } catch (err) {
        get().notify(err, 'Sending the prompt');
      }
    },
    async stopPrompt() {
      const requestId = get().pgRequestId;
      if (!requestId) return;
      try {
        await client.call('playground:stop', { requestId });
      } catch (err) {
        get().notify(err, 'Stopping');
      }
    },
    clearConversations: () => set((s) => ({ pgColumns: s.pgColumns.map((c) => ({ ...c, turns: [] })), pgRequestId: null })),

    applyToken(ev) {
      set((s) => {
        const cols = updateTurn(s.pgColumns, ev, targetOf);
        const streaming = cols.some((c) => c.turns.some((t) => t.requestId === s.pgRequestId && !t.done));
        return { pgColumns: cols, pgRequestId: streaming ? s.pgRequestId : null };
      });
      if (ev.done && get().pgRequestId === null) void get().loadPgHistory();
    },
    applyWorkerStatus: (w) => set((s) => ({ pgWorkers: { ...s.pgWorkers, [w.targetId]: w } })),

    async loadPgHistory() {
      try {
        set({ pgHistory: await client.call('playground:history', { limit: 50 }) });
      } catch (err) {
        get().notify(err, 'Loading playground history');
      }
    },
    async deletePgHistory(id) {
      try {
        await client.call('playground:deleteHistory', { id });
        set((s) => ({ pgHistory: s.pgHistory.filter((h) => h.id !== id) }));
      } catch (err) {
        get().notify(err, 'Deleting the history entry');
      }
    },
    async rerunHistory(entry) {
      if (get().pgRequestId) return;
      const known = new Set(get().pgTargets.map((o) => o.id));
      const ids = entry.answers.map((a) => a.targetId).filter((id) => known.has(id));
      if (ids.length === 0) {
        get().notify({ code: 'NOT_FOUND', message: 'None of the targets of this run is available any more' });
        return;
      }
      set({ pgMode: entry.mode, pgSystem: entry.system, pgParams: entry.params, pgDraft: entry.prompt, pgColumns: ids.map((id) => column(id)) });
      await get().sendPrompt();
    },
    watchPlayground() {
      const stops = [client.on('playground:token', (ev) => get().applyToken(ev)), client.on('playground:status', (w) => get().applyWorkerStatus(w))];
      return () => {
        for (const stop of stops) stop();
      };
    },
    async unloadPlayground() {
      try {
        await client.call('playground:unload', {});
      } catch {
        // Leaving the page: a failed unload is left to the idle timeout.
      }
    },
  };
};
