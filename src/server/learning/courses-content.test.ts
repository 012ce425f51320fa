/**
 * Checks the three courses under content/courses as files, without a database: every module has its
 * lessons, quiz and (for the coach kit) trainer material in every language its course declares; every
 * lesson ends with real sources; no filler text; the coach framework points at modules that exist.
 * Quiz syntax, per-answer feedback and cross-language consistency are checked in
 * questions/content-quizzes.test.ts; phone numbers in courses-phone-numbers.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { contentDirectory } from '../content.js';
import { splitFrontMatter } from './course-content.js';
import { parseGift } from './questions/gift.js';
import { loadCoachFramework } from './self-assessment.content.js';

const coursesDirectory = path.join(contentDirectory, 'courses');

type CourseFile = { slug: string; languages: string[]; modules: string[] };
type ModuleFile = {
  code: string;
  lessons: string[];
  validation: { kind: string; text: Record<string, string> };
  trainerMaterial?: string[];
};

const readYaml = <T>(file: string) => parseYaml(readFileSync(file, 'utf8')) as T;
const courseFile = (slug: string) => readYaml<CourseFile>(path.join(coursesDirectory, slug, 'course.yaml'));
const moduleFile = (course: string, module: string) => readYaml<ModuleFile>(path.join(coursesDirectory, course, module, 'module.yaml'));
const read = (...parts: string[]) => readFileSync(path.join(coursesDirectory, ...parts), 'utf8');

/** The heading of the sources list that closes every lesson, per language (content/README.md). */
const sourcesHeading: Record<string, string> = { fr: 'Sources', en: 'Sources', de: 'Quellen', es: 'Fuentes', it: 'Fonti', nl: 'Bronnen' };

function allFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

/** The Markdown links of a block of text: `[title](url)`. */
const linkPattern = /\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g;
const linksOf = (markdown: string) =>
  [...markdown.matchAll(linkPattern)].map((match) => ({ title: match[1]!, url: match[2]!, end: match.index + match[0].length }));

/** What a lesson must end with: a last `## Sources` section listing at least one https link with its publisher. */
function sourcesProblems(body: string, language: string): string[] {
  const headings = [...body.matchAll(/^## (.+)$/gm)];
  const last = headings.at(-1);
  if (!last || last[1]!.trim() !== sourcesHeading[language]) return [`the last section is not "## ${sourcesHeading[language]}"`];
  const items = body
    .slice(last.index + last[0].length)
    .split('\n')
    .filter((line) => line.trim() !== '');
  if (items.length === 0) return ['the sources section is empty'];
  return items.flatMap((line) => {
    const links = linksOf(line);
    if (!/^- \[/.test(line) || !links.length) return [`not a linked source: ${line}`];
    // Several links may share one publisher ("Conseils aux voyageurs and Ariane — France Diplomatie").
    if (!/^\s+—\s+\S/.test(line.slice(links.at(-1)!.end))) return [`no publisher after the last link: ${line}`];
    return links.flatMap((link) => urlProblems(link.url));
  });
}

/** A source link must be an https address of a real site. */
function urlProblems(address: string): string[] {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return [`not a URL: ${address}`];
  }
  if (url.protocol !== 'https:') return [`not https: ${address}`];
  if (/(^|\.)(example\.(com|org|net)|localhost|test|invalid)$/.test(url.hostname)) return [`not a real site: ${address}`];
  return [];
}

const fillerPatterns = [
  /lorem ipsum/i,
  /\bTODO\b/,
  /\bTBD\b/,
  /\bFIXME\b/,
  /\bXXX\b/,
  /\[(insert|à compléter|a completer)[^\]]*\]/i,
  /\bplaceholder\b/i,
];

const courseSlugs = readdirSync(coursesDirectory).filter((name) => existsSync(path.join(coursesDirectory, name, 'course.yaml')));

describe('course files', () => {
  it('the three courses of the issue are there, with their languages', () => {
    assert.deepEqual([...courseSlugs].sort(), ['coach-kit', 'host-training', 'safety']);
    assert.deepEqual(courseFile('coach-kit').languages, ['fr', 'en']);
    for (const slug of ['host-training', 'safety']) assert.deepEqual(courseFile(slug).languages, ['fr', 'en', 'de', 'es', 'it', 'nl']);
  });

  for (const slug of courseSlugs) {
    const course = courseFile(slug);
    describe(slug, () => {
      for (const moduleSlug of course.modules) {
        const module = moduleFile(slug, moduleSlug);
        it(`${moduleSlug}: lessons with a title in every language, each ending with https sources`, () => {
          assert.ok(module.lessons.length > 0, 'the module has lessons');
          const problems = module.lessons.flatMap((stem) =>
            course.languages.flatMap((language) => {
              const file = path.join(moduleSlug, `${stem}.${language}.md`);
              if (!existsSync(path.join(coursesDirectory, slug, file))) return [`${file}: missing`];
              const { data, body } = splitFrontMatter(read(slug, file));
              const title = (data as { title?: unknown }).title;
              const titleProblem = typeof title === 'string' && title.trim() ? [] : [`${file}: no title in the front matter`];
              return [...titleProblem, ...sourcesProblems(body, language).map((problem) => `${file}: ${problem}`)];
            }),
          );
          assert.deepEqual(problems, []);
        });

        it(`${moduleSlug}: a quiz in every language and a validation modality in every language`, () => {
          for (const language of course.languages) {
            const file = path.join(moduleSlug, `quiz.${language}.gift`);
            assert.ok(existsSync(path.join(coursesDirectory, slug, file)), `${file} exists`);
            const { questions, errors } = parseGift(read(slug, file));
            assert.deepEqual(errors, [], file);
            assert.ok(questions.length > 0, `${file} has questions`);
            assert.match(
              module.validation.text[language] ?? '',
              /\d+ ?%/,
              `${moduleSlug} validation text in ${language} states the pass mark`,
            );
            // A validation text that announces a number of questions must be true to it.
            const announced = /\((\d+) (questions|Fragen|preguntas|domande|vragen)\)/.exec(module.validation.text[language] ?? '');
            if (announced)
              assert.equal(questions.length, Number(announced[1]), `${file}: the validation text announces ${announced[1]} questions`);
          }
        });
      }
    });
  }
});

describe('coach kit modules (seed 004)', () => {
  const course = courseFile('coach-kit');
  it('has the seven modules C1.1 to C5', () => {
    assert.deepEqual(
      course.modules.map((slug) => moduleFile('coach-kit', slug).code),
      ['C1.1', 'C1.2', 'C2', 'C3', 'C4.1', 'C4.2', 'C5'],
    );
  });

  for (const moduleSlug of course.modules) {
    const module = moduleFile('coach-kit', moduleSlug);
    it(`${module.code}: at least 12 questions of at least three types, a validation modality, trainer slides and facilitation notes`, () => {
      for (const language of course.languages) {
        const { questions } = parseGift(read('coach-kit', moduleSlug, `quiz.${language}.gift`));
        const graded = questions.filter((question) => question.type !== 'description');
        assert.ok(graded.length >= 12, `${moduleSlug} ${language}: ${graded.length} questions`);
        const types = new Set(graded.map((question) => question.type));
        assert.ok(types.size >= 3, `${moduleSlug} ${language}: types ${[...types].join(', ')}`);
        assert.ok(['quiz', 'quiz_and_assignment'].includes(module.validation.kind));
        assert.match(module.validation.text[language]!, /70 ?%/, `${moduleSlug} ${language}: the validation states the pass mark`);

        assert.ok((module.trainerMaterial ?? []).length > 0, `${moduleSlug} lists trainer material`);
        for (const stem of module.trainerMaterial ?? []) {
          const material = read('coach-kit', moduleSlug, `${stem}.${language}.md`);
          assert.match(material, /^## (Slide outline|Plan des diapositives)\s*$/m, `${stem}.${language}.md has a slide outline`);
          assert.match(material, /^## .*(webinar|webinaire).*$/im, `${stem}.${language}.md has facilitation notes for the webinar`);
          assert.deepEqual(sourcesProblems(material, language), [], `${stem}.${language}.md sources`);
        }
      }
    });
  }
});

describe('no filler text under content/courses', () => {
  it('no lorem ipsum, TODO, TBD, FIXME or placeholder in any file', () => {
    const hits = allFiles(coursesDirectory).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          fillerPatterns.some((pattern) => pattern.test(line))
            ? [`${path.relative(coursesDirectory, file)}:${index + 1}: ${line.trim()}`]
            : [],
        ),
    );
    assert.deepEqual(hits, []);
  });

  it('every link in course files is https', () => {
    const insecure = allFiles(coursesDirectory).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/http:\/\/[^\s)"']+/g)].map(
        (match) => `${path.relative(coursesDirectory, file)}: ${match[0]}`,
      ),
    );
    assert.deepEqual(insecure, []);
  });
});

describe('reference framework of coach activities and skills', () => {
  const framework = loadCoachFramework();
  const modules = new Map(courseFile('coach-kit').modules.map((slug) => [moduleFile('coach-kit', slug).code, slug]));

  it('links every skill to a module that exists, and every module to at least one skill', () => {
    const skills = framework.domains.flatMap((domain) => domain.activities.flatMap((activity) => activity.skills));
    const unknown = skills.filter((skill) => !modules.has(skill.module)).map((skill) => `${skill.key} → ${skill.module}`);
    assert.deepEqual(unknown, []);
    assert.deepEqual([...new Set(skills.map((skill) => skill.module))].sort(), [...modules.keys()].sort());
    assert.equal(new Set(skills.map((skill) => skill.key)).size, skills.length, 'skill keys are unique');
  });

  it('each activity is one module, and the page in each language links it and counts the skills right', () => {
    const activities = framework.domains.flatMap((domain) => domain.activities);
    for (const activity of activities)
      assert.ok([...modules.values()].includes(activity.key), `activity ${activity.key} is a module folder`);
    const skillCount = activities.flatMap((activity) => activity.skills).length;
    for (const language of ['fr', 'en']) {
      const page = read('coach-kit', `framework.${language}.md`);
      const linked = linksOf(page)
        .map((link) => /^\/learn\/courses\/coach-kit#module-([a-z0-9-]+)$/.exec(link.url)?.[1])
        .filter((slug): slug is string => Boolean(slug));
      assert.deepEqual(
        [...new Set(linked)].sort(),
        activities.map((activity) => activity.key).sort(),
        `framework.${language}.md module links`,
      );
      assert.match(page, new RegExp(`\\b${skillCount}\\b`), `framework.${language}.md states ${skillCount} skills`);
      for (const skill of activities.flatMap((activity) => activity.skills)) {
        assert.ok(page.includes(skill.text[language as 'fr' | 'en']), `framework.${language}.md lists ${skill.key}`);
      }
    }
  });
});
