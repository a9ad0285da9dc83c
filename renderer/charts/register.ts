import { Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

// Only the pieces the live line charts use, so the rest of chart.js is left out of the bundle.
Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip, Legend);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif';

export { Chart };
