import { builder } from '../builder.js';

builder.mutationType({
  description: 'Every write of both upstreams. Inputs are validated before any upstream call; writes are never retried.',
});
