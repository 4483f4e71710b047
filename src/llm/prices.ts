/** US dollars per million tokens, input and output. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * Defaults for a few small OpenAI models, as OpenAI listed them when this was written; prices
 * change, so BRIEFING_LLM_PRICES (JSON: {"model": {"input": 0.4, "output": 1.6}}) overrides or
 * extends them. Local servers (Ollama, vLLM, llama.cpp) cost nothing per token: price them at 0.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
};

/** A price table as JSON gives it, checked by hand (read at every start-up, where a schema library costs). */
function isPriceTable(raw: unknown): raw is Record<string, ModelPrice> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const isPrice = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  return Object.entries(raw).every(
    ([model, price]) =>
      model !== '' &&
      typeof price === 'object' &&
      price !== null &&
      isPrice((price as ModelPrice).input) &&
      isPrice((price as ModelPrice).output),
  );
}

/** Parses BRIEFING_LLM_PRICES; throws a message naming what is wrong. */
export function parsePriceTable(json: string | undefined): Record<string, ModelPrice> {
  if (!json) return { ...DEFAULT_PRICES };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('BRIEFING_LLM_PRICES is not valid JSON');
  }
  if (!isPriceTable(raw)) {
    throw new Error(
      'BRIEFING_LLM_PRICES must map model names to {"input": $/1M tokens, "output": $/1M tokens}',
    );
  }
  const table: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(raw))
    table[model] = { input: price.input, output: price.output };
  return { ...DEFAULT_PRICES, ...table };
}

/** Estimated cost in dollars, or undefined when the model has no price. */
export function estimateCost(
  prices: Readonly<Record<string, ModelPrice>>,
  model: string,
  promptTokens: number,
  completionTokens: number,
): number | undefined {
  const price = prices[model];
  if (!price) return undefined;
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
