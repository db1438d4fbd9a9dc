/**
 * The password deny-list (issue #8, "Authentication"): what people type when
 * asked for a password, from public leak rankings (SecLists top lists, NordPass
 * "most common passwords" for Brazil) and the words hospital staff reach for.
 * Small on purpose: it ships in `shared/` so the station and the server refuse
 * the same passwords. Everything here is lower case without accents; input is
 * normalised the same way before it is compared (see `isCommonPassword`).
 */

const words = (list: string) => list.trim().split(/\s+/);

/** Whole passwords refused as they are (after normalisation). Entries shorter than the minimum length are refused by length anyway. */
const COMMON_PASSWORDS = words(`
  123456 12345678 123456789 1234567890 12345678910 0123456789 0987654321 9876543210 1234512345
  1122334455 1111111111 0000000000 1231231234 1212121212 123123123123 147258369 1472583690
  1234567891 12345678900 123456789a a123456789 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4t5 qwertyuiop
  qwerty123456 asdfghjkl asdfghjkl1 zxcvbnm123 1qaz2wsx3edc qazwsxedc123 abcdefghij abcd123456
  abc1234567 aa12345678 senha123 senha1234 senha12345 senha123456 minhasenha minhasenha123 novasenha
  novasenha123 trocarsenha mudarsenha 123mudar mudar12345 brasil123 brasil2024 brasil2025 brasil12345
  password1 password123 password1234 passw0rd123 iloveyou123 teamo123456 euteamo123 deusefiel123
  jesuscristo jesus123456 deus123456 flamengo123 corinthians corinthians123 palmeiras123 saopaulo123
  gremio12345 cruzeiro123 vasco123456 botafogo123 fluminense fluminense123 internacional santos12345
  hospital123 enfermagem enfermagem123 enfermeira enfermeira123 plantao123 plantao2024 plantao2025
  administrador administrator admin123456 adminadmin rootroot123 welcome123 bemvindo123 letmein123
  changeme123 default123 football123 baseball123 superman123 batman12345 starwars123 pokemon1234
  princesa123 chocolate123 americana liverpool barcelona manchester sunshine123 iloveyou12
  aaaaaaaaaa qwertyqwerty senhasenha passwordpassword abcabcabc123
`);

/**
 * Words that, with digits or symbols before or after them (`Senha@2024`,
 * `brasil12345`, `p@ssw0rd!`), make up most common passwords. A password
 * whose letters are only one of these is refused whatever the digits.
 */
const COMMON_WORDS = words(`
  senha minhasenha novasenha password passwd pass mudar mudarsenha trocar trocarsenha bemvindo
  welcome letmein changeme default acesso login entrar secret segredo teste test usuario user
  admin administrador administrator root master mestre qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm
  abc abcd abcdef abcdefgh qazwsx q a aa
  brasil brazil saopaulo riodejaneiro bahia recife curitiba salvador fortaleza flamengo mengao
  corinthians timao palmeiras verdao santos vasco gremio cruzeiro botafogo fluminense internacional
  atletico galo sport vitoria coritiba barcelona realmadrid liverpool chelsea arsenal
  jesus jesuscristo deus deuseamor deusefiel deusefiel senhor gloria amor meuamor amorzinho
  teamo euteamo iloveyou love familia felicidade princesa principe anjo estrela saudade vida
  hospital plantao enfermagem enfermeira enfermeiro saude clinica medico medica doutor paciente
  uti sus posto recepcao
  maria jose joao ana antonio francisco carlos paulo pedro lucas luiz marcos gabriel
  rafael daniel marcelo bruno eduardo felipe rodrigo gustavo mateus matheus fernanda juliana
  patricia aline camila amanda bruna jessica leticia julia beatriz larissa mariana vitoria
  gabriela adriana sandra vanessa michael jennifer ashley jordan thomas charlie
  dragon monkey football futebol baseball soccer superman batman spiderman pokemon naruto
  starwars matrix shadow sunshine princess chocolate cookie banana flower trustno whatever
  freedom hello ola oi gatinha gatinho cachorro pantera tigre leao
`);

const PASSWORDS = new Set(COMMON_PASSWORDS);
const WORDS = new Set(COMMON_WORDS);
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/** Lower case, no accents (`São Paulo` → `sao paulo`), no spaces. */
function normalise(password: string): string {
  return password.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, '');
}

/** The letters between leading and trailing digits or symbols: `@Senha2024!` → `senha`. */
const trimNonLetters = (value: string) => value.replace(/^[^a-z]+|[^a-z]+$/g, '');

/**
 * True for a password in the deny-list, a common word dressed with digits or
 * symbols (`senha123456`, `Brasil@2024`, `p@ssw0rd!`), or one character repeated.
 */
export function isCommonPassword(password: string): boolean {
  const plain = normalise(password);
  if (plain.length === 0 || PASSWORDS.has(plain) || new Set(plain).size === 1) return true;
  const letters = trimNonLetters(plain);
  const unleet = trimNonLetters(
    plain
      .replace(/^\d+|\d+$/g, '')
      .split('')
      .map((c) => LEET[c] ?? c)
      .join(''),
  );
  return [letters, unleet].some((core) => core.length > 0 && (WORDS.has(core) || PASSWORDS.has(core)));
}
