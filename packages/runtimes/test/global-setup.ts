// One packed client and one scratch consumer for the whole run, shared by every test file.
import type { TestProject } from 'vitest/node';
import { createConsumer } from '../src/consumer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: { dir: string; packed: string[]; declared: string[] };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const consumer = await createConsumer();
  project.provide('consumer', { dir: consumer.dir, packed: consumer.packed, declared: consumer.declared });
  return consumer.remove;
}
