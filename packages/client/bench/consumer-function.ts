// The size benchmark's function-form consumer: one call, through the core and one operation function.
import { createRadarCore, getTcpResetsTimeoutsSummary } from '@cf-radar/client';

const core = createRadarCore();
console.log(await getTcpResetsTimeoutsSummary(core, { location: ['US'], dateRange: ['7d'] }));
