import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectQuestionFileFormat, exportQuestions, parseQuestionFile } from './interchange.js';

describe('question files', () => {
  it('detects the format from the extension, then from the content', () => {
    assert.equal(detectQuestionFileFormat('bank.XML', '::a::b{T}'), 'moodle_xml');
    assert.equal(detectQuestionFileFormat('bank.gift', '<p>{T}'), 'gift');
    assert.equal(detectQuestionFileFormat('bank.txt', '<b>Bold</b>{T}'), 'gift');
    assert.equal(detectQuestionFileFormat('upload', '\uFEFF  <?xml version="1.0"?><quiz/>'), 'moodle_xml');
    assert.equal(detectQuestionFileFormat('upload', '// comment\n::a::b{T}'), 'gift');
  });

  it('exports a bank in either format and reads it back unchanged', () => {
    const parsed = parseQuestionFile('bank.gift', '$CATEGORY: x\n\n::a::Sky is blue{T#No#Yes}\n\n::b::Pick{=a ~b}');
    assert.equal(parsed.format, 'gift');
    assert.deepEqual(parsed.errors, []);
    for (const format of ['gift', 'moodle_xml'] as const) {
      const again = parseQuestionFile(`bank.${format === 'gift' ? 'gift' : 'xml'}`, exportQuestions(format, parsed.questions));
      assert.equal(again.format, format);
      assert.deepEqual(again.errors, []);
      assert.deepEqual(again.questions, parsed.questions);
    }
  });

  it('reports the errors of a bad file with their lines', () => {
    const result = parseQuestionFile('bad.xml', '<quiz>\n<question type="essay">\n</quiz>');
    assert.equal(result.errors[0]?.line, 3);
  });
});
