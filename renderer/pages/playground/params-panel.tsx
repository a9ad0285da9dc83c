import { useStudio } from '../../store/index';
import { DEFAULT_PARAMS } from '../../store/playground-slice';

// The contract's SAMPLING_LIMITS, repeated so zod stays out of the renderer bundle (main validates anyway).
const LIMITS = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0.01, max: 1 },
  repetitionPenalty: { min: 1, max: 2 },
  maxNewTokens: { min: 1, max: 4096 },
} as const;

interface SliderProps {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  disabled?: boolean;
  hint: string;
  onChange(v: number): void;
}

function Slider({ id, label, value, min, max, step, disabled, hint, onChange }: SliderProps) {
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  return (
    <div className="pg-param" title={hint}>
      <label htmlFor={`pg-${id}`}>{label}</label>
      <input id={`pg-${id}`} type="range" min={min} max={max} step={step} value={value} disabled={disabled} onChange={(e) => onChange(Number(e.target.value))} />
      <input
        type="number"
        aria-label={`${label} value`}
        data-testid={`pg-param-${id}`}
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        onChange={(e) => e.target.value !== '' && Number.isFinite(Number(e.target.value)) && onChange(clamp(Number(e.target.value)))}
      />
    </div>
  );
}

/** Sampling parameters with their ranges; greedy switches the sampling knobs off (argmax at every step). */
export function ParamsPanel() {
  const p = useStudio((s) => s.pgParams);
  const set = useStudio((s) => s.setPgParams);
  const L = LIMITS;
  return (
    <section className="card pg-params" data-testid="pg-params" aria-label="Sampling parameters">
      <header className="card-header">
        <h3 className="card-title">Parameters</h3>
        <button type="button" className="link-button small" onClick={() => set(DEFAULT_PARAMS)}>
          Reset
        </button>
      </header>
      <label className="pg-check">
        <input type="checkbox" data-testid="pg-greedy" checked={p.greedy} onChange={(e) => set({ greedy: e.target.checked })} /> Greedy (same answer every time, on every runtime)
      </label>
      <Slider id="temperature" label="Temperature" value={p.temperature} {...L.temperature} step={0.05} disabled={p.greedy} hint="0 = always the likeliest token; higher = more varied" onChange={(v) => set({ temperature: v })} />
      <Slider id="top-p" label="Top-p" value={p.topP} {...L.topP} step={0.01} disabled={p.greedy} hint="Sample from the smallest set of tokens whose probabilities add up to this" onChange={(v) => set({ topP: v })} />
      <Slider id="top-k" label="Top-k" value={p.topK} min={0} max={200} step={1} disabled={p.greedy} hint="Sample from the k likeliest tokens (0 = all)" onChange={(v) => set({ topK: Math.round(v) })} />
      <Slider
        id="repetition-penalty"
        label="Repetition penalty"
        value={p.repetitionPenalty}
        {...L.repetitionPenalty}
        step={0.01}
        disabled={p.greedy}
        hint="Above 1 makes tokens already used less likely (1 = off)"
        onChange={(v) => set({ repetitionPenalty: v })}
      />
      <Slider id="max-new-tokens" label="Max new tokens" value={p.maxNewTokens} {...L.maxNewTokens} step={1} hint="The longest answer (1-4096)" onChange={(v) => set({ maxNewTokens: Math.round(v) })} />
      <div className="pg-param">
        <label htmlFor="pg-seed">Seed</label>
        <input id="pg-seed" type="number" data-testid="pg-param-seed" min={0} step={1} value={p.seed} disabled={p.greedy} onChange={(e) => set({ seed: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} />
      </div>
      <div className="pg-param pg-param-wide">
        <label htmlFor="pg-stop">Stop strings</label>
        <input
          id="pg-stop"
          type="text"
          data-testid="pg-param-stop"
          placeholder="one per comma, e.g. ###, User:"
          defaultValue={p.stop.join(', ')}
          onBlur={(e) => set({ stop: e.target.value.split(',').map((x) => x.trim()).filter(Boolean).slice(0, 16) })}
        />
      </div>
    </section>
  );
}
