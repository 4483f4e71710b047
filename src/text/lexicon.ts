/**
 * The shared lexicon: the closed word classes that actors, answers and summaries all lean on
 * (speech verbs, titles, honorifics, months, weekdays, time and filler words, given names).
 * One list per class, here, so a rule added for one reader helps the others; gazetteers of
 * places and organisations stay in actors/gazetteer.ts.
 */

const list = (s: string): string[] =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean);

/** Reporting verbs in the forms news prose uses ("said", "says", "told", "tweeted"). */
export const SPEECH_VERBS: readonly string[] = list(`said|says|say|added|adds|told|tells|asked|asks|explained|
explains|warned|warns|insisted|insists|argued|argues|noted|notes|wrote|writes|continued|replied|stressed|claimed|
claims|declared|announced|remarked|commented|admitted|conceded|acknowledged|suggested|urged|recalled|predicted|
observed|complained|concluded|stated|tweeted`);

/** The speech verbs as one regex alternation, for building patterns. */
export const SPEECH_VERB_PATTERN = SPEECH_VERBS.join('|');

/** Words that make the run before a name a role ("Russian President", "Foreign Secretary"). */
export const TITLE_HEADS: ReadonlySet<string> = new Set(
  list(`President|Vice-President|Minister|Premier|Chancellor|Secretary|Senator|Sen|Governor|Gov|Mayor|King|Queen|
Prince|Princess|Duke|Duchess|Emperor|Pope|Cardinal|Archbishop|Bishop|General|Gen|Colonel|Col|Lieutenant|Lt|
Captain|Capt|Admiral|Adm|Commander|Sergeant|Sgt|Chief|Executive|Chairman|Chairwoman|Chair|Director|Ambassador|Envoy|
Spokesman|Spokeswoman|Spokesperson|Leader|Speaker|Judge|Justice|Commissioner|Coach|Manager|Boss|Professor|Prof|
Sheikh|Emir|Sultan|Ayatollah|Congressman|Congresswoman|Rep|Representative|Representatives|Officer|Counsel|Attorney|
Detective|Inspector|Superintendent|Constable|Chairperson|CEO|Rev|Reverend|Imam|Rabbi|Patriarch|Marshal|Brigadier|
Major-General|Prosecutor|Lawmaker|Senators`),
);

/** A party's members, as news names them ("Senate Democrats", "a New Mexico Republican"). */
export const PARTY_MEMBERS: ReadonlySet<string> = new Set(list('Democrat|Democrats|Republican|Republicans'));

/** Party words that qualify a person's name like a title ("Republican Mike Coffman", "Labour's"). */
export const PARTY_WORDS: ReadonlySet<string> = new Set([
  ...PARTY_MEMBERS,
  ...list('Democratic|Labour|Tory|Conservative|Liberal'),
]);

/** Words that may sit in a title before the head ("Prime", "Foreign", "Deputy"). */
export const TITLE_MODIFIERS: ReadonlySet<string> = new Set(
  list(`Prime|Vice|Deputy|Acting|Former|Foreign|Defence|Defense|Home|Health|Education|Trade|Culture|Interior|
Finance|Treasury|Environment|Transport|State|Exchequer|Crown|Opposition|Shadow|Senior|Junior|First|Grand|Supreme|
Federal|National|Regional|Economy|Economic|Industry|Energy|Culture|Sports|Sport|Media|Work|Pensions|Europe|
European|Northern|Affairs|Security|Intelligence|Police|Labour|Tory|Conservative|Democratic|Republican|Liberal|
Party|Team|Managing|Chief|Executive|General|Secretary|Minister|President|Attorney|Commerce|Justice|Agriculture|
Fisheries|Development|International|Trade|Union|Army|Staff|Joint|Fed|Central|Bank|Majority|Minority|Whip|Press`),
);

/** Lower-case role nouns written before a name ("ally X", "analyst X", "opposition leader X"). */
export const ROLE_NOUNS: readonly string[] =
  list(`ally|leader|president|ruler|minister|premier|chancellor|chief|head|spokesman|spokeswoman|analyst|official|
politician|ambassador|candidate|rival|opponent|critic|founder|director|chairman|activist|lawmaker|senator|
governor|mayor|producer|manager|coach|singer|actor|actress|musician|sculptor|artist|author|writer|
designer|athlete|player|striker|fellow|attorney|lawyer|professor|economist|boss|secretary|spokesperson|
executive|chairwoman|envoy|captain|adviser|advisor|editor|general|commander|officer|strategist|consultant|
researcher|correspondent|king|queen|prince|owner|partner|midfielder|defender|goalkeeper|star|
chief executive`);

/**
 * Kinds of thing whose instances have proper names: "which club…", "what network…" is answered by
 * a name ("Arsenal", "Fox"), where "which address" or "what accident" may be answered in lower case.
 */
export const NAMED_KINDS: readonly string[] = [
  ...ROLE_NOUNS,
  ...list(`judge|justice|surgeon|doctor|club|team|side|company|firm|bank|network|channel|station|hotel|
newspaper|paper|magazine|band|party|country|nation|city|town|state|association|university|school|court|airline|
brand|studio|label|broadcaster|agency|ministry|committee|organisation|organization|group|publisher|
retailer|carrier|stadium|venue`),
];

/** Honorifics: they mark a person but are not a role. */
export const HONORIFICS: ReadonlySet<string> = new Set(
  list('Mr|Mrs|Ms|Miss|Mister|Mme|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Madame|Monsieur|Herr|Frau'),
);

export const MONTH_NAMES: readonly string[] = list(
  'January|February|March|April|May|June|July|August|September|October|November|December',
);

export const WEEKDAY_NAMES: readonly string[] = list(
  'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday',
);

/** Months with their usual abbreviations, as written in prose and datelines. */
export const MONTHS: ReadonlySet<string> = new Set([
  ...MONTH_NAMES,
  ...list('Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec'),
]);

export const WEEKDAYS: ReadonlySet<string> = new Set([
  ...WEEKDAY_NAMES,
  ...list('Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun'),
]);

/**
 * Words people add to a question that carry no topic: time fillers ("now", "currently") and
 * emphasis ("exactly", "actually"). Matching them in a sentence proves nothing.
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  list(`now|exactly|currently|presently|actually|really|precisely|nowadays|please|just|still|anyway|again|
today|ever|basically|roughly|approximately|instead`),
);

/**
 * Words a question uses about the articles rather than about the story ("the lawyer quoted", "the
 * firm mentioned"): the sentence that answers rarely repeats them, so they are not asked-for terms.
 */
export const ABOUT_THE_TEXT_WORDS: readonly string[] = list('quoted|mentioned|cited|article|articles');

/**
 * Words that frame a question rather than name its topic ("what's the name of…", "what kind
 * of…"): the passages need not write them, so they are never typo-corrected to a passage word.
 */
export const QUESTION_FRAME_WORDS: ReadonlySet<string> = new Set(
  list('name|names|named|called|call|kind|kinds|type|types|sort|number|amount|happen|happened'),
);

/**
 * Verbs of being somewhere: in "where is X living?" they say what kind of answer is wanted (a
 * place), and the sentence giving it rarely repeats them ("…said by phone from exile in Poland").
 */
export const LOCATION_VERBS: ReadonlySet<string> = new Set(
  list(
    'live|lives|living|lived|stay|stays|staying|stayed|reside|resides|residing|based|located|situated|hiding|represent|represents',
  ),
);

/** Multi-word fillers, removed before single words. */
export const FILLER_PHRASES: readonly string[] = list(
  'right now|so far|at the moment|these days|at present|at this point|any more|anymore|by now|as of now|to date|back in|back then|at all|this time|rather than',
);

/**
 * Common given names (English-speaking and international news): a capitalised pair starting with
 * one is a person. Evidence for a person, not a default: names not here need another cue.
 */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  list(`Aaron|Adam|Adrian|Ahmed|Aidan|Alan|Alastair|Albert|Alec|Alex|Alexander|Alexandra|Alexei|Alfred|Ali|Alice|
Alicia|Alison|Alistair|Allan|Amanda|Amy|Ana|Andrea|Andreas|Andrew|Andy|Angela|Angelina|Ann|Anna|Anne|Anthony|Antonio|
Arnold|Arthur|Ashley|Audrey|Barack|Barbara|Barry|Bart|Ben|Benjamin|Bernard|Bernie|Beth|Betty|Bill|Billy|Bob|
Bobby|Boris|Brad|Brandon|Brenda|Brendan|Brian|Bridget|Bruce|Bryan|Carl|Carla|Carlos|Carol|Caroline|Carolina|Catherine|
Cathy|Charles|Charlie|Charlotte|Cheryl|Chris|Christian|Christina|Christine|Christopher|Chuck|Claire|Clare|Colin|
Craig|Dale|Damien|Dan|Daniel|Danny|Darren|Dave|David|Dean|Deborah|Debbie|Dennis|Derek|Diana|Diane|Dick|Dmitry|Dominic|
Don|Donald|Doug|Douglas|Duncan|Ed|Eddie|Edward|Eileen|Elaine|Eleanor|Elizabeth|Ellen|Emily|Emma|Eric|Erik|Ernest|
Eva|Eve|Fiona|Francesca|Francis|Frank|Frankie|Fred|Frederick|Gary|Gavin|Geoff|Geoffrey|George|Georgina|Gerald|
Gerry|Gill|Gillian|Glen|Glenn|Gordon|Grace|Graham|Greg|Gregory|Hannah|Harold|Harriet|Harry|Harvey|Hayley|Heather|
Helen|Helena|Henry|Hillary|Howard|Hugh|Hugo|Ian|Igor|Irina|Isabel|Ivan|Jack|Jackie|Jacob|Jacques|Jake|James|
Jamie|Jan|Jane|Janet|Jason|Jean|Jeff|Jeffrey|Jennifer|Jenny|Jeremy|Jerome|Jerry|Jessica|Jill|Jim|Jimmy|Jo|Joan|
Joanna|Joe|Joel|John|Johnny|Jon|Jonathan|Jordan|Jose|Joseph|Josh|Joshua|Joy|Judith|Judy|Julia|Julian|Julie|Justin|
Karen|Kate|Katherine|Kathleen|Kathy|Katie|Kay|Keith|Kelly|Ken|Kenneth|Kevin|Kim|Kirsty|Larry|Laura|Lauren|
Lee|Leo|Leon|Leonard|Les|Lesley|Leslie|Lewis|Linda|Lindsay|Lindsey|Lisa|Liz|Lord|Louis|Louise|Lucy|Luis|Luke|Lynn|
Malcolm|Marc|Marco|Margaret|Maria|Marie|Mario|Mark|Martin|Mary|Matt|Matthew|Maurice|Max|Megan|Melanie|Michael|
Michel|Michelle|Mick|Mike|Mikhail|Miguel|Mitch|Molly|Nancy|Natalie|Nathan|Neil|Nicholas|Nick|Nicola|Nicole|
Nigel|Noel|Norman|Oliver|Olivia|Oscar|Owen|Pamela|Patricia|Patrick|Paul|Paula|Pauline|Pedro|Pete|Peter|Phil|Philip|
Phillip|Pierre|Rachel|Ralph|Ray|Raymond|Rebecca|Richard|Rick|Rob|Robbie|Robert|Robin|Roger|Ron|Ronald|Rose|
Ross|Roy|Ruby|Russell|Ruth|Ryan|Sally|Sam|Samantha|Samuel|Sandra|Sarah|Scott|Sean|Sebastian|Sergei|Shane|
Sharon|Simon|Sonia|Sophie|Stephanie|Stephen|Steve|Steven|Stuart|Sue|Susan|Tammy|Ted|Terry|Thomas|
Tim|Timothy|Tina|Tom|Tommy|Tony|Tracey|Tracy|Trevor|Valerie|Vanessa|Victor|Victoria|Vincent|Vladimir|Walter|Wayne|
Wendy|William|Yuri|Zoe|
Abdul|Abdullah|Alain|Alberto|Alejandro|Alessandro|Andre|Andrei|Angel|Anton|Antoine|Arjen|Arsene|Bernd|Bjorn|Bruno|
Carlo|Cesar|Christophe|Claude|Claudio|Cristiano|Didier|Diego|Dirk|Edgar|Eduardo|Emmanuel|Enrique|Esteban|Fabio|
Fabien|Felipe|Fernando|Filippo|Francesco|Francisco|Francois|Franz|Freddie|Freddy|Gabriel|Gareth|Gerard|Gerhard|
Gianluca|Giovanni|Giuseppe|Gonzalo|Gustavo|Hans|Hassan|Hector|Heinrich|Helmut|Hernan|Hussein|Ibrahim|Ivo|Jaap|
Jakub|Javier|Jens|Joachim|Joao|Johan|Johannes|Jorge|Josef|Juan|Jurgen|Karim|Karl|Klaus|Lars|Laurent|Lionel|
Lorenzo|Luca|Lucas|Luigi|Luiz|Manuel|Marcel|Marcelo|Marcus|Mariano|Marius|Massimo|Mathieu|Mauricio|Mehmet|Mohamed|
Mohammed|Muhammad|Nelson|Nicolas|Nikolai|Olaf|Omar|Pablo|Pascal|Patrice|Pavel|Philippe|Pietro|Rafael|Ramon|Raul|
Rene|Ricardo|Roberto|Rodrigo|Roman|Ronaldo|Ruud|Salvatore|Samir|Santiago|Sergio|Stefan|Stefano|Sven|
Thierry|Thiago|Tomas|Ulrich|Vicente|Viktor|Vittorio|Wolfgang|Xavier|Youssef|Zinedine|Zlatan|Agnieszka|Anja|
Beatriz|Camille|Chantal|Claudia|Elena|Elisa|Francoise|Gabriela|Ines|Ingrid|Isabelle|Juliette|Katarina|Lucia|
Magdalena|Marta|Monica|Natalia|Nathalie|Olga|Paola|Petra|Rosa|Silvia|Simone|Sofia|Svetlana|Tatiana|Valentina|
Veronique|Yelena|Aiko|Hiroshi|Kenji|Takeshi|Yuki|Jin|Wei|Rahul|Raj|Sanjay|Vijay|Amit|Priya|Kwame|Kofi|Nnamdi|
Thabo|Didi|Darius|Aldo|Rio|Wes|Dwight|Jermaine|Jermain|Jamal|Tyrone|Kieron|Keiron`),
);

/**
 * Irregular past forms → base verb, so "began" meets "begin" and "sold" meets "sell" (the Porter
 * stemmer only strips regular endings).
 */
export const IRREGULAR_VERBS: ReadonlyMap<string, string> = new Map(
  `arose:arise arisen:arise awoke:awake began:begin begun:begin bent:bend bet:bet bit:bite bitten:bite bled:bleed
blew:blow blown:blow broke:break broken:break brought:bring built:build burnt:burn bought:buy caught:catch chose:choose
chosen:choose came:come cost:cost crept:creep dealt:deal dug:dig did:do done:do drew:draw drawn:draw drank:drink
drunk:drink drove:drive driven:drive ate:eat eaten:eat fell:fall fallen:fall fed:feed felt:feel fought:fight found:find
fled:flee flew:fly flown:fly forbade:forbid forgot:forget forgotten:forget forgave:forgive froze:freeze frozen:freeze
got:get gotten:get gave:give given:give went:go gone:go grew:grow grown:grow hung:hang heard:hear hid:hide hidden:hide
held:hold hurt:hurt kept:keep knew:know known:know laid:lay led:lead left:leave lent:lend lost:lose made:make
meant:mean met:meet paid:pay quit:quit ran:run rang:ring rung:ring rose:rise risen:rise saw:see seen:see sought:seek
sold:sell sent:send set:set shook:shake shaken:shake shone:shine shot:shoot shut:shut sang:sing sung:sing sank:sink
sat:sit slept:sleep slid:slide spoke:speak spoken:speak spent:spend split:split spread:spread stood:stand stole:steal
stolen:steal stuck:stick struck:strike swore:swear sworn:swear swept:sweep swam:swim took:take taken:take taught:teach
tore:tear torn:tear thought:think threw:throw thrown:throw understood:understand woke:wake wore:wear worn:wear won:win
withdrew:withdraw withdrawn:withdraw wrote:write written:write`
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]),
);

const MONTH_SET = new Set(MONTH_NAMES.map((m) => m.toLowerCase()));
const WEEKDAY_SET = new Set(WEEKDAY_NAMES.map((d) => d.toLowerCase()));

/** True for a month or weekday name in any case ("march", "Monday"). */
export function isCalendarWord(word: string): boolean {
  const w = word.toLowerCase();
  return MONTH_SET.has(w) || WEEKDAY_SET.has(w);
}

/**
 * Shorthand people type in chat, with the words articles write instead ("ppl" → "people",
 * "ceo" → "chief executive"). Used only when the articles at hand do not use the shorthand.
 */
export const CHAT_SHORTHAND: ReadonlyMap<string, string> = new Map(
  `ppl:people govt:government gov't:government pres:president dept:department intl:international
info:information approx:approximately yr:year yrs:years mins:minutes hrs:hours xmas:christmas thru:through
b4:before bc:because cuz:because abt:about w/o:without tho:though pic:picture pics:pictures
ceo:chief_executive coo:chief_operating_officer cfo:chief_financial_officer cto:chief_technology_officer
svp:senior_vice_president evp:executive_vice_president vp:vice_president md:managing_director
pm:prime_minister ag:attorney_general ig:inspector_general sec:secretary gen:general
ny:New_York nyc:New_York_City la:Los_Angeles sf:San_Francisco demo:demonstration docs:documents stats:statistics uni:university champs:championships
celeb:celebrity celebs:celebrities gonna:will wanna:want_to gotta:must mag:magazine ref:referee vs:against`
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => {
      const [short, long] = pair.split(':') as [string, string];
      return [short, long.replace(/_/g, ' ')] as [string, string];
    }),
);

/**
 * Two-word verbs and the one word news prose tends to use for them ("show up" → "appear",
 * "held up" → "delayed"), each with its inflected forms, so either phrasing meets the other.
 */
export interface PhrasalVerb {
  /** Matches the verb, up to two words, and the particle; group 1 holds the words between. */
  re: RegExp;
  /** The one word for it. */
  base: string;
  /** The verb's forms, lower case: a text without one of them cannot match `re`. */
  forms: readonly string[];
}

export const PHRASAL_VERBS: readonly PhrasalVerb[] = (
  [
    ['show|shows|showed|shown|showing', 'up', 'appear'],
    ['turn|turns|turned|turning', 'up', 'appear'],
    ['hold|holds|held|holding', 'up', 'delay'],
    ['put|puts|putting', 'off', 'postpone'],
    ['set|sets|setting', 'up', 'establish'],
    ['vote|votes|voted|voting', 'down', 'reject'],
    ['turn|turns|turned|turning', 'down', 'reject'],
    ['call|calls|called|calling', 'off', 'cancel'],
    ['shut|shuts|shutting', 'down', 'close'],
    ['close|closes|closed|closing', 'down', 'close'],
    ['step|steps|stepped|stepping', 'down', 'resign'],
    ['pull|pulls|pulled|pulling', 'out', 'withdraw'],
    ['find|finds|found|finding', 'out', 'discover'],
    ['take|takes|took|taken|taking', 'over', 'acquire'],
    ['sign|signs|signed|signing', 'up', 'join'],
    ['kick|kicks|kicked|kicking', 'off', 'begin'],
    ['meet|meets|met|meeting', 'up', 'meet'],
    ['look|looks|looked|looking', 'into', 'investigate'],
    ['carry|carries|carried|carrying', 'out', 'conduct'],
    ['give|gives|gave|given|giving', 'up', 'abandon'],
    ['back|backs|backed|backing', 'down', 'retreat'],
    ['come|comes|came|coming', 'out', 'release'],
    ['come|comes|came|coming', 'back', 'return'],
    ['put|puts|putting', 'into', 'invest'],
    ['pay|pays|paid|paying', 'for', 'fund'],
  ] as const
).map(
  // Up to two words may sit between the verb and its particle ("put $300m into", "held the vote up");
  // they are kept (group 1), so a replacement by `base$1` loses no sum or name.
  ([verb, particle, base]) => ({
    re: new RegExp(`\\b(?:${verb})((?:\\s+[^\\s.,;:!?"“”]+){0,2}?)\\s+${particle}\\b`, 'giu'),
    base,
    forms: verb.split('|'),
  }),
);

/** Any phrasal verb's verb form: one scan tells which of PHRASAL_VERBS can match a text. */
const PHRASAL_HEADS = new RegExp(
  `\\b(?:${[...new Set(PHRASAL_VERBS.flatMap((v) => v.forms))].join('|')})\\b`,
  'giu',
);

/** The phrasal verbs whose verb form the text holds (each may still not match). */
export function phrasalVerbsIn(text: string): PhrasalVerb[] {
  const present = new Set((text.match(PHRASAL_HEADS) ?? []).map((w) => w.toLowerCase()));
  return present.size === 0 ? [] : PHRASAL_VERBS.filter((v) => v.forms.some((f) => present.has(f)));
}

/**
 * Near-synonyms news prose uses interchangeably (verbs of buying, starting, cancelling…; "firm" and
 * "company"), and a verb with the noun of its act where stemming cannot join them ("fly" and
 * "flight", "sell" and "sale"). Each group is matched as one term; the first word names the group.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = `buy purchase acquire
begin start commence
cancel rescind scrap axe revoke abolish
reject dismiss
delay postpone
appear emerge
invest spend
meet convene gather
resign quit
lead head
harm hurt injure impact affect damage
cost price
kill die death
close shut
help assist aid
ban bar prohibit
plan intend
rise increase grow climb jump growth
fall decrease drop decline
arrest detain
launch release unveil debut
fix patch repair
company firm
cable cord
film movie
child kid children kids
country nation
law legislation
award prize
money cash funds
talk negotiate negotiation
attack assault
allow permit
sue lawsuit
send dispatch deploy
rule power reign
lawyer attorney solicitor counsel
sack fire
manager boss
wreck ruin
choose select pick choice
build construct
end finish
warn caution
win beat defeat victory
fly flight
sell sale
lose loss
speak speech
succeed success
fail failure
born birth`
  .split('\n')
  .map((line) => line.trim().split(/\s+/));

/**
 * The text with the lexicon's usual wording of its shorthand and two-word verbs appended
 * ("ppl" → people, "set up" → establish), for searching: the articles write the latter.
 */
export function withUsualWording(text: string): string {
  const extra: string[] = [];
  for (const { re, base } of phrasalVerbsIn(text)) if (text.search(re) >= 0) extra.push(base);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []) {
    const long = CHAT_SHORTHAND.get(word);
    if (long) extra.push(long);
  }
  return extra.length > 0 ? `${text} ${extra.join(' ')}` : text;
}
