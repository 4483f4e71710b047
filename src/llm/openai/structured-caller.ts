/**
 * One structured chat call with the fallbacks compatible servers need: strict json_schema, then
 * json_object, then plain text parsed tolerantly. The first mode a server accepts is remembered
 * per instance, so later calls go straight to it. Every output is validated; an invalid one gets
 * a repair, then one corrective retry, then LlmInvalidOutput.
 */
import type OpenAI from 'openai';
import type { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { UsageRecorder } from '../../core/usage.ts';
import { LlmInvalidOutput, LlmRefused } from '../errors.ts';
import { type JsonSchemaNode, parseStructured, toStrictJsonSchema } from './json-output.ts';
import { rejectsResponseFormat, toLlmError } from './map-error.ts';
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
  /** Name of the schema as the API sees it, e.g. "article_analysis". */
  schemaName: string;
  schema: z.ZodType<T>;
  messages: ChatMessage[];
}

/** What the model's previous invalid output may take of the retry prompt. */
const MAX_ECHO_CHARS = 4000;

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
      const content = await this.complete(req, messages, json);
      const parsed = parseStructured(content, req.schema, json);
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
          content: `Your previous output was invalid: ${problem}\nReply again with only the corrected JSON object.`,
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

  /** Sends the messages in the remembered mode, stepping down while the server rejects the format. */
  private async complete<T>(
    req: StructuredRequest<T>,
    messages: ChatMessage[],
    json: JsonSchemaNode,
  ): Promise<string> {
    for (;;) {
      const mode = this.mode;
      try {
        const res = await this.client.chat.completions.create({
          model: this.model,
          messages: mode === 'json_schema' ? messages : withJsonInstruction(messages, json),
          ...responseFormat(mode, req.schemaName, json),
        });
        this.usage.record({
          tenant: req.tenant,
          task: req.task,
          model: this.model,
          kind: 'call',
          promptTokens: res.usage?.prompt_tokens,
          completionTokens: res.usage?.completion_tokens,
        });
        const message = res.choices[0]?.message;
        if (message?.refusal) {
          throw new LlmRefused(`LLM refused (${req.task}): ${message.refusal.slice(0, 300)}`, {
            task: req.task,
          });
        }
        return message?.content ?? '';
      } catch (err) {
        const next = NEXT_MODE[mode];
        if (next && rejectsResponseFormat(err)) {
          // Another call may have stepped down already; never step back up.
          if (this.mode === mode) this.mode = next;
          this.logger.info(
            { task: req.task, model: this.model, from: mode, to: this.mode },
            'llm response_format rejected',
          );
          continue;
        }
        throw toLlmError(err, req.task);
      }
    }
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
