/**
 * Word lists the rules lean on. Compact on purpose: countries, demonyms and capitals cover most
 * places in news; endings such as "Foundation" or "Bank" cover most organisations; titles and
 * honorifics are stripped from names and kept as roles.
 */
import { normaliseAlias } from './normalise.ts';

// Titles, honorifics and calendar words are shared with answers and summaries.
export { HONORIFICS, MONTHS, TITLE_HEADS, TITLE_MODIFIERS, WEEKDAYS } from '../text/lexicon.ts';

const list = (s: string): string[] =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean);

// Canonical country name first, then variants (comma separated groups, "|" between variants).
const COUNTRIES = `Afghanistan;Albania;Algeria;Andorra;Angola;Antigua and Barbuda;Argentina;Armenia;Australia;Austria;
Azerbaijan;Bahamas|The Bahamas;Bahrain;Bangladesh;Barbados;Belarus;Belgium;Belize;Benin;Bhutan;Bolivia;
Bosnia and Herzegovina|Bosnia;Botswana;Brazil;Brunei;Bulgaria;Burkina Faso;Burundi;Cambodia;Cameroon;Canada;
Cape Verde;Central African Republic;Chad;Chile;China|People's Republic of China|PRC;Colombia;Comoros;
Democratic Republic of Congo|DR Congo|Democratic Republic of the Congo;Congo|Republic of Congo;Costa Rica;
Ivory Coast|Cote d'Ivoire;Croatia;Cuba;Cyprus;Czech Republic|Czechia;Denmark;Djibouti;Dominica;
Dominican Republic;East Timor|Timor-Leste;Ecuador;Egypt;El Salvador;Equatorial Guinea;Eritrea;Estonia;
Eswatini|Swaziland;Ethiopia;Fiji;Finland;France;Gabon;Gambia|The Gambia;Georgia;Germany;Ghana;Greece;Grenada;
Guatemala;Guinea;Guinea-Bissau;Guyana;Haiti;Honduras;Hungary;Iceland;India;Indonesia;Iran;Iraq;
Ireland|Republic of Ireland|Irish Republic|Eire;Israel;Italy;Jamaica;Japan;Jordan;Kazakhstan;Kenya;Kiribati;
Kosovo;Kuwait;Kyrgyzstan;Laos;Latvia;Lebanon;Lesotho;Liberia;Libya;Liechtenstein;Lithuania;Luxembourg;
Madagascar;Malawi;Malaysia;Maldives;Mali;Malta;Marshall Islands;Mauritania;Mauritius;Mexico;Micronesia;Moldova;
Monaco;Mongolia;Montenegro;Morocco;Mozambique;Myanmar|Burma;Namibia;Nauru;Nepal;Netherlands|Holland|The Netherlands;
New Zealand;Nicaragua;Niger;Nigeria;North Korea|DPRK;North Macedonia|Macedonia;Norway;Oman;Pakistan;Palau;
Palestinian Territories|Palestine;Panama;Papua New Guinea;Paraguay;Peru;Philippines|The Philippines;Poland;
Portugal;Qatar;Romania;Russia|Russian Federation;Rwanda;Saint Kitts and Nevis;Saint Lucia;Samoa;San Marino;
Saudi Arabia;Senegal;Serbia;Seychelles;Sierra Leone;Singapore;Slovakia;Slovenia;Solomon Islands;Somalia;
South Africa;South Korea|Korea|Republic of Korea;South Sudan;Spain;Sri Lanka;Sudan;Suriname;Sweden;Switzerland;
Syria;Taiwan;Tajikistan;Tanzania;Thailand;Togo;Tonga;Trinidad and Tobago;Tunisia;Turkey;Turkmenistan;Tuvalu;
Uganda;Ukraine;United Arab Emirates|UAE;United Kingdom|UK|U.K.|Britain|Great Britain;
United States|US|U.S.|USA|U.S.A.|United States of America|America;Uruguay;Uzbekistan;Vanuatu;
Vatican|Vatican City|Holy See;Venezuela;Vietnam;Yemen;Zambia;Zimbabwe;England;Scotland;Wales;Northern Ireland;
Hong Kong;Greenland;Puerto Rico;Tibet;Chechnya;Crimea;Gaza|Gaza Strip;West Bank;Kashmir;Darfur;Kurdistan;
Soviet Union|USSR;Yugoslavia;Abkhazia;South Ossetia;Transnistria;Nagorno-Karabakh`;

const CITIES = `London|Paris|Berlin|Moscow|Washington|Beijing|Peking|Tokyo|Rome|Madrid|Kiev|Kyiv|Minsk|Warsaw|Vilnius|
Riga|Tallinn|Prague|Vienna|Budapest|Bucharest|Sofia|Athens|Ankara|Istanbul|Tehran|Baghdad|Damascus|Beirut|
Jerusalem|Tel Aviv|Cairo|Riyadh|Dubai|Abu Dhabi|Doha|Kabul|Islamabad|Karachi|Lahore|Delhi|New Delhi|Mumbai|
Bombay|Calcutta|Kolkata|Bangalore|Chennai|Dhaka|Bangkok|Hanoi|Ho Chi Minh City|Jakarta|Manila|Kuala Lumpur|
Seoul|Pyongyang|Shanghai|Taipei|Sydney|Melbourne|Canberra|Auckland|Wellington|Ottawa|Toronto|Montreal|
Vancouver|New York|New York City|Los Angeles|Chicago|San Francisco|Boston|Miami|Houston|Dallas|Atlanta|
Seattle|Detroit|Philadelphia|Las Vegas|Hollywood|Silicon Valley|Wall Street|Mexico City|Havana|Caracas|Bogota|
Lima|Santiago|Buenos Aires|Brasilia|Rio de Janeiro|Sao Paulo|Johannesburg|Cape Town|Pretoria|Nairobi|Lagos|
Abuja|Addis Ababa|Khartoum|Kinshasa|Harare|Tripoli|Tunis|Algiers|Rabat|Casablanca|Dublin|Belfast|Edinburgh|
Glasgow|Cardiff|Manchester|Liverpool|Birmingham|Leeds|Bristol|Newcastle|Sheffield|Oxford|Cambridge|Brussels|
Amsterdam|The Hague|Geneva|Zurich|Bern|Lisbon|Barcelona|Milan|Munich|Frankfurt|Hamburg|Stockholm|Oslo|
Copenhagen|Helsinki|Reykjavik|Belgrade|Zagreb|Sarajevo|Skopje|Tirana|Chisinau|Tbilisi|Yerevan|Baku|Astana|
Almaty|Tashkent|Bishkek|Dushanbe|Ashgabat|Ulan Bator|St Petersburg|St. Petersburg|Saint Petersburg|Sochi|
Kaliningrad|Vladivostok|Novosibirsk|Grozny|Odessa|Kharkiv|Lviv|Donetsk|Luhansk|Sevastopol|Gdansk|Krakow|
Grodno|Brest|Gomel|Basra|Mosul|Fallujah|Najaf|Kirkuk|Kandahar|Ramallah|Davos|Strasbourg|Kuwait City|Muscat|
Sanaa|Amman|Mecca|Medina|Kathmandu|Colombo|Rangoon|Yangon|Phnom Penh|Vientiane|Guangzhou|Shenzhen|Osaka|
Kyoto|Brisbane|Perth|Adelaide|Dakar|Accra|Kampala|Kigali|Mogadishu|Luanda|Lusaka|Maputo|Montevideo|
Quito|La Paz|Panama City|San Juan|Kingston|Honolulu|Anchorage|Texas|California|Florida|Ohio|Iowa|Alaska|
Hawaii|Michigan|Pennsylvania|Virginia|Massachusetts|Illinois|Arizona|Nevada|Oregon|Kent|Surrey|Yorkshire|
Westminster|Whitehall|Cornwall|Devon|Essex|Sussex|Lancashire|Bavaria|Catalonia|Quebec|Ontario|Siberia|Chernobyl|Srebrenica|
Alabama|Arkansas|Colorado|Connecticut|Delaware|Idaho|Indiana|Kansas|Kentucky|Louisiana|Maine|Maryland|Minnesota|
Mississippi|Missouri|Montana|Nebraska|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Oklahoma|
Rhode Island|South Carolina|South Dakota|Tennessee|Utah|Vermont|West Virginia|Wisconsin|Wyoming|British Columbia|
Alberta|Manitoba|Saskatchewan|Nova Scotia|New Brunswick|Newfoundland|New South Wales|Queensland|Tasmania`;

const REGIONS = `Europe|Asia|Africa|Middle East|Latin America|South America|North America|Central America|Central Asia|
Caucasus|Balkans|Scandinavia|Caribbean|Antarctica|Arctic|Baltic|Baltics|Gulf|Persian Gulf|Mediterranean|
Southeast Asia|South Asia|East Asia|Far East|Eastern Europe|Western Europe|Central Europe|Sub-Saharan Africa|
North Africa|West Africa|East Africa|Pacific|Atlantic|Black Sea|Baltic Sea|Eurozone`;

// Organisations known by one name or acronym; the first variant is canonical.
const KNOWN_ORGS = `Kremlin;White House;Downing Street;Pentagon;Elysee|Elysee Palace;NATO|Nato|North Atlantic Treaty Organization|North Atlantic Treaty Organisation;
European Union|EU|E.U.;United Nations|UN|U.N.;European Commission;European Parliament;European Central Bank|ECB;
International Monetary Fund|IMF;World Bank;World Trade Organization|WTO|World Trade Organisation;
World Health Organization|World Health Organisation;OPEC|Opec;OSCE;Organisation for Economic Co-operation and Development|OECD;
BBC|British Broadcasting Corporation;CNN;FBI|Federal Bureau of Investigation;CIA|Central Intelligence Agency;KGB;FSB;NHS|National Health Service;G8;G7;G20;Unicef|UNICEF;
Unesco|UNESCO;Interpol;Red Cross;Amnesty International|Amnesty;Human Rights Watch;Greenpeace;Hamas;Hezbollah;
Taliban;al-Qaeda|al Qaeda|Al-Qaeda|Al Qaeda;Labour|Labour Party;Conservative Party|Conservatives|Tories|Tory|Conservative;
Liberal Democrats|Lib Dems|Liberal Democrat Party|Liberal Democrat|Lib Dem;Democratic Party|Democrats;Republican Party|Republicans;Congress|US Congress;Senate;
House of Commons|Commons;House of Lords;Parliament;Treasury;Bundestag;Duma|State Duma;Federal Reserve|Fed;
Bank of England;Google;Microsoft;Apple;Sony;Nintendo;Yahoo;eBay;Vodafone;Gazprom;Yukos;Rosneft;FIFA|Fifa;UEFA|Uefa;
IOC;Premier League;Football Association|FA;Ofcom;Ofsted;Ofwat;Ofgem;MI5;MI6;Scotland Yard;Met Police|Metropolitan Police;
Securities and Exchange Commission|SEC|Securities Exchange Commission;African Union|AU;Arab League;ASEAN|Asean;
Mercosur;OPCW;Stasi;Vatican Bank;Commonwealth;Supreme Court`;

/** Acronyms people type for well-known organisations and places, mapped to the canonical name. */
export const ACRONYMS: ReadonlyMap<string, string> = new Map([
  ['eu', 'European Union'],
  ['un', 'United Nations'],
  ['imf', 'International Monetary Fund'],
  ['wto', 'World Trade Organization'],
  ['who', 'World Health Organization'],
  ['ecb', 'European Central Bank'],
  ['us', 'United States'],
  ['usa', 'United States'],
  ['uk', 'United Kingdom'],
  ['uae', 'United Arab Emirates'],
  ['nato', 'NATO'],
  ['sec', 'Securities and Exchange Commission'],
  ['iiss', 'International Institute for Strategic Studies'],
  ['fed', 'Federal Reserve'],
  ['nhs', 'NHS'],
  ['ussr', 'Soviet Union'],
]);

// Nationality adjectives and nouns → country. Plurals are derived below.
const DEMONYMS = `Afghan:Afghanistan;Albanian:Albania;Algerian:Algeria;American:United States;Argentine:Argentina;
Argentinian:Argentina;Armenian:Armenia;Australian:Australia;Austrian:Austria;Azerbaijani:Azerbaijan;Azeri:Azerbaijan;
Bangladeshi:Bangladesh;Belarusian:Belarus;Belarussian:Belarus;Belorussian:Belarus;Byelorussian:Belarus;
Belgian:Belgium;Bolivian:Bolivia;Bosnian:Bosnia and Herzegovina;Brazilian:Brazil;British:United Kingdom;
Briton:United Kingdom;Brit:United Kingdom;Bulgarian:Bulgaria;Burmese:Myanmar;Cambodian:Cambodia;
Cameroonian:Cameroon;Canadian:Canada;Chilean:Chile;Chinese:China;Colombian:Colombia;Congolese:Congo;
Croatian:Croatia;Croat:Croatia;Cuban:Cuba;Cypriot:Cyprus;Czech:Czech Republic;Danish:Denmark;Dane:Denmark;
Dutch:Netherlands;Ecuadorian:Ecuador;Egyptian:Egypt;English:England;Eritrean:Eritrea;Estonian:Estonia;
Ethiopian:Ethiopia;Filipino:Philippines;Finnish:Finland;French:France;Georgian:Georgia;German:Germany;
Ghanaian:Ghana;Greek:Greece;Haitian:Haiti;Hungarian:Hungary;Icelandic:Iceland;Indian:India;
Indonesian:Indonesia;Iranian:Iran;Iraqi:Iraq;Irish:Ireland;Israeli:Israel;Italian:Italy;Jamaican:Jamaica;
Japanese:Japan;Jordanian:Jordan;Kazakh:Kazakhstan;Kenyan:Kenya;Korean:South Korea;South Korean:South Korea;
North Korean:North Korea;Kosovan:Kosovo;Kuwaiti:Kuwait;Kyrgyz:Kyrgyzstan;Latvian:Latvia;Lebanese:Lebanon;
Liberian:Liberia;Libyan:Libya;Lithuanian:Lithuania;Malaysian:Malaysia;Maltese:Malta;Mexican:Mexico;
Moldovan:Moldova;Mongolian:Mongolia;Moroccan:Morocco;Mozambican:Mozambique;Namibian:Namibia;Nepalese:Nepal;
Nepali:Nepal;Nigerian:Nigeria;Norwegian:Norway;Pakistani:Pakistan;Palestinian:Palestinian Territories;
Panamanian:Panama;Peruvian:Peru;Polish:Poland;Pole:Poland;Portuguese:Portugal;Qatari:Qatar;Romanian:Romania;
Russian:Russia;Rwandan:Rwanda;Saudi:Saudi Arabia;Scottish:Scotland;Scot:Scotland;Senegalese:Senegal;
Serbian:Serbia;Serb:Serbia;Singaporean:Singapore;Slovak:Slovakia;Slovenian:Slovenia;Somali:Somalia;
South African:South Africa;Spanish:Spain;Spaniard:Spain;Sri Lankan:Sri Lanka;Sudanese:Sudan;Swedish:Sweden;
Swede:Sweden;Swiss:Switzerland;Syrian:Syria;Taiwanese:Taiwan;Tajik:Tajikistan;Tanzanian:Tanzania;Thai:Thailand;
Tunisian:Tunisia;Turkish:Turkey;Turk:Turkey;Ugandan:Uganda;Ukrainian:Ukraine;Uruguayan:Uruguay;Uzbek:Uzbekistan;
Venezuelan:Venezuela;Vietnamese:Vietnam;Welsh:Wales;Yemeni:Yemen;Zambian:Zambia;Zimbabwean:Zimbabwe;
Emirati:United Arab Emirates;New Zealander:New Zealand;Kiwi:New Zealand;Chechen:Chechnya;Tibetan:Tibet;
Soviet:Soviet Union;European:Europe;African:Africa;Asian:Asia`;

/** Organisation endings and keywords: a capitalised run containing one is an organisation. */
export const ORG_KEYWORDS: ReadonlySet<string> = new Set(
  list(`Union|Foundation|Institute|Institution|Party|Ministry|Bank|Corp|Corporation|Inc|Ltd|Plc|plc|PLC|LLC|Co|
Group|Council|Commission|Agency|Committee|University|College|School|Academy|Association|Federation|League|
Society|Organisation|Organization|Authority|Board|Bureau|Department|Office|Service|Services|Court|Parliament|
Assembly|Congress|Senate|Army|Navy|Police|Church|Club|FC|United|City|Rovers|Athletic|Wanderers|Albion|Airlines|
Airways|Motors|Holdings|Industries|Systems|Technologies|Communications|Telecom|Networks|Network|Entertainment|
Studios|Pictures|Records|Bros|Media|Times|Post|News|Journal|Herald|Telegraph|Gazette|Press|Television|TV|Radio|
Exchange|Fund|Trust|Partners|Capital|Securities|Insurance|Petroleum|Pharmaceuticals|Laboratories|Tribunal|
Government|Administration|Forum|Centre|Center|Hospital|Museum|Movement|Front|Alliance|Coalition|Brigade|
Brigades|Forces|Guard|Command|Secretariat|Directorate|Reserve|Cabinet|Kremlin|Foods|Stores|Energy|Oil|Motor|
Software|Electronics|Pharma|Consortium|Commonwealth|Institutes|Brothers|Guild|Awards|Stockbrokers|Managers|Investments|Bancorp|Airport|Stadium|Orchestra|Band|Theatre|Theater|Festival|Magazine`),
);

/** Abbreviations whose dot does not end a name ("St. Petersburg", "Mr. Putin"). */
export const DOTTED_ABBREVIATIONS: ReadonlySet<string> = new Set(
  list('St|Mr|Mrs|Ms|Dr|Mt|Ft|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Prof|Rev|Sgt|Adm|Co|Inc|Corp|Ltd'),
);

/** Lower-case words that may sit inside a name ("Institute for Strategic Studies", "von der Leyen"). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(
  list('de|van|von|der|den|da|di|du|del|della|la|le|bin|ibn|al|el|ben|dos|das|y|ter|abu'),
);

/** Photo-credit agencies and layout words: never actors even when capitalised. */
export const CREDIT_WORDS: ReadonlySet<string> = new Set(
  list(`AP|AFP|REUTERS|Reuters|GETTY|Getty|Getty Images|POOL|VIA|SPUTNIK|TASS|BELTA|EPA|XINHUA|BLOOMBERG|SHUTTERSTOCK|
ALAMY|PA|ANADOLU|PHOTO|IMAGE|IMAGES|CREDIT|FILE|KREMLIN|UPI|AAP|DPA`),
);

/** Capitalised words that are not actors: pronouns, events, abbreviations of things, holidays. */
export const NON_ACTORS: ReadonlySet<string> = new Set(
  list(`I|God|Internet|Web|TV|PC|PCs|CD|CDs|DVD|DVDs|MP|MPs|MEP|MEPs|MSP|MSPs|AM|PM|GMT|BST|OK|UFO|HIV|AIDS|Aids|
SARS|Sars|GDP|VAT|IT|PR|CEO|CFO|ID|UN's|Christmas|Easter|New Year|Halloween|Ramadan|Eid|Olympics|Olympic|Games|
World Cup|Oscar|Oscars|Grammy|Grammys|Bafta|Baftas|Emmy|Grand Prix|Euro|Euros|Premiership|Championship|Cup|
Budget|Act|Mac|iPod|Xbox|PlayStation|PlayStation2|PSP|DS|Windows|Linux|English|Muslim|Muslims|Christian|
Christians|Jewish|Jew|Jews|Catholic|Catholics|Islamic|Arab|Arabs|Kurdish|Kurds|Sunni|Shia|Shiite|Western|Eastern|
Northern|Southern|West|East|North|South|Republic|State|States|Communist|Communists|Socialist|Socialists|
Nazi|Nazis|Nations|Open|World|R&B|Islam|Islamophobia|Christianity|Judaism|Buddhism|Hinduism|Grand Slam|Golden Globe|Golden Globes|Champions League|Europa League|FA Cup|Uefa Cup|UEFA Cup|League Cup|Carling Cup|
Ryder Cup|Davis Cup|Heineken Cup|Six Nations|Tri Nations|Super Bowl|World Series|Tour de France|Bible|Koran|Quran|Fascist|LPG|SMS|GPS|MP3|DVR|PVR|USB|RSS|VoIP|3G|BBC's|Mps`),
);

/**
 * Words that start sentences without being names. At the start of a sentence capitalisation tells
 * nothing, so these are dropped from the front of a capitalised run.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  list(`the|a|an|this|that|these|those|it|its|it's|there|there's|here|he|she|they|we|i|you|his|her|their|our|my|
your|him|them|us|but|and|or|so|yet|if|when|while|after|before|since|as|at|in|on|by|for|from|with|without|despite|
although|though|because|however|meanwhile|also|then|now|today|yesterday|tomorrow|tonight|last|next|some|many|
most|more|much|few|all|both|each|every|other|another|such|what|which|who|whom|whose|where|why|how|no|not|yes|
one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|new|former|according|under|over|among|
between|during|until|unless|whether|once|even|only|just|still|already|instead|indeed|perhaps|earlier|later|
recently|currently|overall|thus|therefore|nevertheless|nonetheless|moreover|furthermore|besides|again|almost|
about|above|across|against|along|amid|around|behind|below|beneath|beside|beyond|inside|into|near|off|onto|
outside|through|throughout|toward|towards|upon|within|do|does|did|is|are|was|were|be|been|has|have|had|will|
would|can|could|should|may|might|must|shall|let|let's|please|thanks|dear|hello|yes|oh|well|what's|
who's|i'm|i've|i'll|i'd|we're|they're|you're|he's|she's|that's|here's|where's|don't|doesn't|didn't|can't|won't|isn't|wasn't|
aren't|weren't|hasn't|haven't|hadn't|couldn't|wouldn't|shouldn't|analysts|officials|experts|critics|sources|
police|officers|people|shares|sales|profits|prices|figures|data|reports|talks|speaking|asked|writing|according|
following|having|being|given|like|unlike|including|regarding|whereas|whatever|whoever|wherever|whenever|
everyone|everything|someone|something|nobody|nothing|anyone|anything|none|neither|either|nor|lastly|finally|
firstly|secondly|additionally|ultimately|initially|originally|eventually|apparently|clearly|obviously|
certainly|surely|actually|basically|generally|usually|often|sometimes|never|always|rather|quite|very|too|
critically|importantly|interestingly|sadly|fortunately|unfortunately|hopefully|ironically|elsewhere|
separately|similarly|likewise|otherwise|anyway|still|yet|though`),
);

function buildIndex(spec: string, sep: string): Map<string, string> {
  const index = new Map<string, string>();
  for (const group of spec.split(sep)) {
    const names = list(group.replace(/\s*\n\s*/g, ' '));
    const canonical = names[0];
    if (!canonical) continue;
    for (const n of names) index.set(normaliseAlias(n), canonical);
  }
  return index;
}

const COUNTRY_INDEX = buildIndex(COUNTRIES, ';');
const PLACE_INDEX = new Map<string, string>(COUNTRY_INDEX);
for (const name of list(`${CITIES}|${REGIONS}`.replace(/\s*\n\s*/g, ''))) {
  const key = normaliseAlias(name);
  if (!PLACE_INDEX.has(key)) PLACE_INDEX.set(key, name === 'St. Petersburg' ? 'St Petersburg' : name);
}
PLACE_INDEX.set('saint petersburg', 'St Petersburg');
PLACE_INDEX.set('st petersburg', 'St Petersburg');
PLACE_INDEX.set('peking', 'Beijing');
PLACE_INDEX.set('kyiv', 'Kyiv');
PLACE_INDEX.set('bombay', 'Mumbai');
PLACE_INDEX.set('rangoon', 'Yangon');
PLACE_INDEX.set('new york city', 'New York');

const ORG_INDEX = buildIndex(KNOWN_ORGS, ';');

const DEMONYM_INDEX = new Map<string, string>();
for (const pair of DEMONYMS.replace(/\s*\n\s*/g, '').split(';')) {
  const [demonym, country] = pair.split(':');
  if (!demonym || !country) continue;
  DEMONYM_INDEX.set(demonym, country);
  // Plural nouns ("Belarusians", "Britons"); adjectives in -ish, -ch, -ese, -ss take none.
  if (!/(ish|ch|ese|ss|i)$/.test(demonym)) DEMONYM_INDEX.set(`${demonym}s`, country);
}

/** Canonical place name for a surface form ("U.S." → "United States"), if it is a known place. */
export function lookupPlace(surface: string): string | undefined {
  return PLACE_INDEX.get(normaliseAlias(surface));
}

/** Canonical organisation name for a well-known organisation or its acronym. */
export function lookupOrg(surface: string): string | undefined {
  return ORG_INDEX.get(normaliseAlias(surface));
}

/** Country for a nationality word ("Belarusians" → "Belarus"); case-sensitive on purpose. */
export function lookupDemonym(word: string): string | undefined {
  return DEMONYM_INDEX.get(word);
}

// Built once: canonical key → every normalised variant, so a lookup is one map read, not a scan.
const VARIANTS_BY_CANONICAL = new Map<string, Set<string>>();
function addVariant(canonical: string, variant: string): void {
  const key = normaliseAlias(canonical);
  let set = VARIANTS_BY_CANONICAL.get(key);
  if (!set) {
    set = new Set();
    VARIANTS_BY_CANONICAL.set(key, set);
  }
  set.add(variant);
}
for (const index of [PLACE_INDEX, ORG_INDEX]) for (const [variant, name] of index) addVariant(name, variant);
for (const [acronym, name] of ACRONYMS) addVariant(name, acronym);

/** All normalised variants of a known place or organisation ("United States" → us, usa, america…). */
export function variantKeys(canonical: string): string[] {
  const set = VARIANTS_BY_CANONICAL.get(normaliseAlias(canonical));
  return set ? [...set] : [];
}

/** True when the word is a country name (used to tell countries from other places). */
export function isCountry(surface: string): boolean {
  return COUNTRY_INDEX.has(normaliseAlias(surface));
}
