import { useEffect, useRef, type DependencyList, type RefObject } from 'react';

/**
 * One chart.js instance per mounted canvas: made by `create` when the canvas mounts (and again when
 * `deps` change), destroyed on unmount so its resize observer and listeners go with it. Data and
 * theme updates go through `chartRef` in place (`chart.update('none')`), never by re-creating.
 */
export function useChart<C extends { destroy(): void }>(
  create: (canvas: HTMLCanvasElement) => C,
  deps: DependencyList = [],
): { canvasRef: RefObject<HTMLCanvasElement | null>; chartRef: RefObject<C | null> } {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<C | null>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = create(canvas);
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
    // `create` is a new closure each render; the chart is re-made only when `deps` say so.
  }, deps);
  return { canvasRef, chartRef };
}
