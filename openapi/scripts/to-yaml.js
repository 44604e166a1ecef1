// @ts-check
// Writes dist/openapi.yaml from dist/openapi.json, so the spec is bundled once per build rather than
// once per format (each Redocly CLI start costs most of a second).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

const json = new URL('../dist/openapi.json', import.meta.url);
const yaml = new URL('../dist/openapi.yaml', import.meta.url);
const temp = new URL('../dist/openapi.yaml.tmp', import.meta.url);
writeFileSync(temp, stringify(JSON.parse(readFileSync(json, 'utf8')), { lineWidth: 0 }));
renameSync(temp, yaml);
