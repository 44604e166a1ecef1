// The overhead benchmark's server: answers every Radar path with its documented example, from its own
// process so that its work does not share the clients' event loop. Prints its port once listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const meta = {
  confidenceInfo: { annotations: [], level: 0 },
  dateRange: [{ endTime: '2022-09-17T10:22:57.555Z', startTime: '2022-09-16T10:22:57.555Z' }],
  lastUpdated: '2019-12-27T18:11:19.117Z',
  normalization: 'PERCENTAGE',
  units: [{ name: '*', value: 'requests' }],
};
const body = JSON.stringify({
  success: true,
  errors: [],
  messages: [],
  result: { meta, summary_0: { later_in_flow: '10', no_match: '65', post_ack: '5', post_psh: '10', post_syn: '10' } },
});

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
process.on('disconnect', () => server.close());
