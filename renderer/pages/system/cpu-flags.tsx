// Flags that decide how fast the CPU backends run matrix maths (x86 SIMD, Arm NEON/ASIMD).
const NOTABLE = ['sse4_2', 'avx', 'avx2', 'fma', 'f16c', 'avx512f', 'avx512_bf16', 'avx512_vnni', 'avx_vnni', 'amx_tile', 'neon', 'asimd', 'sve'];

export function CpuFlags({ flags }: { flags: readonly string[] }) {
  const have = new Set(flags.map((f) => f.toLowerCase()));
  const notable = NOTABLE.filter((f) => have.has(f));
  return (
    <div className="cpu-flags">
      {notable.length > 0 ? (
        <ul className="chips" aria-label="Notable CPU features">
          {notable.map((f) => (
            <li key={f} className="chip chip-strong">
              {f}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No SIMD extensions reported.</p>
      )}
      {flags.length > 0 && (
        <details className="disclosure">
          <summary>All {flags.length} flags</summary>
          <ul className="chips">
            {flags.map((f) => (
              <li key={f} className="chip">
                {f}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
