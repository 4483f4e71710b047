/**
 * One structured chat call with the fallbacks compatible servers need: strict json_schema, then
 * json_object, then plain text parsed tolerantly. A mode is left only when the next one gets past
 * the 400 it got (servers word these every way), and the first mode that works is remembered per
 * instance. Tasks with their own line format (analysis) skip the chain. Every reply is checked
 * for being a usable completion (a chat completion object, choices, a finished text within the
 * size limit, valid UTF-8); every output is validated; an invalid one gets a repair, then one
 * corrective retry, then LlmInvalidOutput.
 */
import type OpenAI from 'openai';
import type { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { UsageRecorder } from '../../core/usage.ts';
import { LlmInvalidOutput, LlmRefused, LlmUnavailable } from '../errors.ts';
import { type JsonSchemaNode, type ParseResult, parseStructured, toStrictJsonSchema } from './json-output.ts';
import { mayRejectResponseFormat, toLlmFault } from './map-error.ts';
import { type ChatMessage, jsonInstruction } from './prompts.ts';

export type StructuredMode = 'json_schema' | 'json_object' | 'text';

const NEXT_MODE: Record<StructuredMode, StructuredMode | undefined> = {
  json_schema: 'json_object',
  json_object: 'text',
  text: undefined,
};

export interface StructuredRequest<T> {
  task: string;
  tenant: string;
  /** Name of the schema as the API sees it, e.g. "answer". */
  schemaName: string;
  schema: z.ZodType<T>;
  messages: ChatMessage[];
  /** Output cap for the task (`max_tokens`); the reply is refused past ~8 characters a token. */
  maxTokens: number;
  /** A task's own plain-text format: sent without response_format, parsed by this function. */
  parseText?: ((content: string) => ParseResult<T>) | undefined;
}

/** What the model's previous invalid output may take of the retry prompt. */
const MAX_ECHO_CHARS = 4000;
/** Characters a token may average before a reply counts as oversized (English is ~4). */
const MAX_CHARS_PER_TOKEN = 8;
/** Low, so the same prompt gives the same answer: results are cached and shared. */
const TEMPERATURE = 0;

export class StructuredCaller {
  private mode: StructuredMode = 'json_schema';
  private readonly jsonSchemas = new WeakMap<z.ZodType, JsonSchemaNode>();

  constructor(
    private readonly client: OpenAI,
    private readonly model: string,
    private readonly usage: UsageRecorder,
    private readonly logger: Logger,
  ) {}

  /** The response_format mode this server is known to accept (starts optimistic). */
  get currentMode(): StructuredMode {
    return this.mode;
  }

  /** Runs the call and returns validated output; throws LlmError subclasses only. */
  async call<T>(req: StructuredRequest<T>): Promise<T> {
    const json = this.jsonSchemaOf(req.schema);
    let messages = req.messages;
    let problem = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      const content = req.parseText
        ? await this.send(req, messages, json, 'text', false)
        : await this.complete(req, messages, json);
      const parsed = req.parseText ? req.parseText(content) : parseStructured(content, req.schema, json);
      if (parsed.ok) {
        if (parsed.repaired) this.logger.info({ task: req.task, model: this.model }, 'llm output repaired');
        return parsed.value;
      }
      problem = parsed.problem;
      this.logger.warn({ task: req.task, model: this.model, attempt, problem }, 'llm output invalid');
      messages = [
        ...messages,
        { role: 'assistant', content: content.slice(0, MAX_ECHO_CHARS) },
        {
          role: 'user',
          content: `Your previous output was invalid: ${problem}\nReply again with only the corrected ${req.parseText ? 'lines' : 'JSON object'}.`,
        },
      ];
    }
    throw new LlmInvalidOutput(`LLM output invalid after a retry (${req.task}): ${problem}`, {
      task: req.task,
    });
  }

  private jsonSchemaOf(schema: z.ZodType): JsonSchemaNode {
    let json = this.jsonSchemas.get(schema);
    if (!json) {
      json = toStrictJsonSchema(schema);
      this.jsonSchemas.set(schema, json);
    }
    return json;
  }

  /**
   * Sends in the remembered mode; on a 400/404/422 tries the next modes, and remembers one only
   * when it got past that error. When every mode is refused the request itself was refused
   * (context too long, unknown model): the first error is thrown and the mode stays.
   */
  private async complete<T>(
    req: StructuredRequest<T>,
    messages: ChatMessage[],
    json: JsonSchemaNode,
  ): Promise<string> {
    const start = this.mode;
    let first: unknown;
    for (let mode: StructuredMode | undefined = start; mode; mode = NEXT_MODE[mode]) {
      try {
        const content = await this.send(req, messages, json, mode, true);
        if (mode !== start && this.mode === start) {
          // Another call may have stepped down already; never step back up.
          this.mode = mode;
          this.logger.info(
            { task: req.task, model: this.model, from: start, to: mode },
            'llm response_format rejected; stepped down',
          );
        }
        return content;
      } catch (err) {
        if (!mayRejectResponseFormat(err)) throw toLlmFault(err, req.task);
        first ??= err;
      }
    }
    throw toLlmFault(first, req.task);
  }

  /** One request in one mode; SDK errors are thrown raw (the caller reads their status). */
  private async send<T>(
    req: StructuredRequest<T>,
    messages: ChatMessage[],
    json: JsonSchemaNode,
    mode: StructuredMode,
    withSchema: boolean,
  ): Promise<string> {
    let res: unknown;
    try {
      res = await this.client.chat.completions.create({
        model: this.model,
        messages: mode === 'json_schema' || !withSchema ? messages : withJsonInstruction(messages, json),
        max_tokens: req.maxTokens,
        temperature: TEMPERATURE,
        ...(withSchema ? responseFormat(mode, req.schemaName, json) : {}),
      });
    } catch (err) {
      if (!withSchema) throw toLlmFault(err, req.task);
      throw err;
    }
    return readCompletion(res, req, this.usage, this.model);
  }
}

/**
 * The text of a reply the SDK accepted, or an LlmError: a body that is not a chat completion
 * (an HTML page, an SSE stream to a non-stream request) means the server did not deliver; empty
 * choices, a cut-off, oversized or mis-encoded text is output that cannot be used.
 */
function readCompletion<T>(
  res: unknown,
  req: StructuredRequest<T>,
  usage: UsageRecorder,
  model: string,
): string {
  const task = req.task;
  const completion = res as Partial<OpenAI.ChatCompletion> | string | null | undefined;
  if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) {
    const kind =
      typeof completion === 'string' ? `text starting "${completion.slice(0, 40)}"` : typeof completion;
    throw new LlmUnavailable(`LLM reply is not a chat completion (${task}): ${kind}`, { task });
  }
  usage.record({
    tenant: req.tenant,
    task,
    model,
    kind: 'call',
    promptTokens: completion.usage?.prompt_tokens,
    completionTokens: completion.usage?.completion_tokens,
  });
  const choice = completion.choices[0];
  if (!choice) throw new LlmInvalidOutput(`LLM reply has no choices (${task})`, { task });
  const message = choice.message;
  if (message?.refusal) {
    throw new LlmRefused(`LLM refused (${task}): ${String(message.refusal).slice(0, 300)}`, { task });
  }
  const content = message?.content;
  if (typeof content !== 'string' || content.trim() === '') {
    throw new LlmInvalidOutput(`LLM reply has no text (${task})`, { task });
  }
  checkText(content, task, req.maxTokens);
  if (choice.finish_reason === 'length') {
    throw new LlmInvalidOutput(`LLM reply was cut off at max_tokens (${task})`, { task });
  }
  return content;
}

/** Refuses text that cannot be shown: over the task's size limit, or carrying U+FFFD (bad UTF-8 decoded). */
export function checkText(content: string, task: string, maxTokens: number): void {
  if (content.length > maxTokens * MAX_CHARS_PER_TOKEN) {
    throw new LlmInvalidOutput(`LLM reply over the size limit (${task}): ${content.length} characters`, {
      task,
    });
  }
  if (content.includes('\uFFFD')) {
    throw new LlmInvalidOutput(`LLM reply is not valid UTF-8 (${task})`, { task });
  }
}

function responseFormat(
  mode: StructuredMode,
  name: string,
  schema: JsonSchemaNode,
): Pick<OpenAI.ChatCompletionCreateParamsNonStreaming, 'response_format'> {
  if (mode === 'json_schema') {
    return { response_format: { type: 'json_schema', json_schema: { name, strict: true, schema } } };
  }
  if (mode === 'json_object') return { response_format: { type: 'json_object' } };
  return {};
}

/** Puts the schema into the system message: json_object needs "JSON" in the prompt, text mode needs the shape. */
function withJsonInstruction(messages: ChatMessage[], schema: JsonSchemaNode): ChatMessage[] {
  const [first, ...rest] = messages;
  if (first?.role !== 'system')
    return [{ role: 'system', content: jsonInstruction(schema).trim() }, ...messages];
  return [{ role: 'system', content: first.content + jsonInstruction(schema) }, ...rest];
}
