import { builder } from '../builder.js';

builder.subscriptionType({
  description:
    'Streams over Server-Sent Events (GraphQL over SSE): send the operation with `Accept: text/event-stream`.',
});
