import { describe, expect, it } from 'vitest';

import { describeJsonSyntaxError } from './jsonText.ts';

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error('expected a syntax error');
}

describe('describeJsonSyntaxError', () => {
  it('names the line and column of the position the engine reports', () => {
    const text = '{\n  "format": "x",\n  "version": 1,,\n  "name": "y"\n}\n';
    const message = describeJsonSyntaxError(parseError(text), text);
    // The second comma of line 3 is the 16th character of that line.
    expect(message).toMatch(/line 3,? column 16\)?$/);
  });

  it('leaves a message without a position as it is', () => {
    expect(describeJsonSyntaxError(new Error('Unexpected end of JSON input'), '{')).toBe(
      'Unexpected end of JSON input',
    );
    expect(
      describeJsonSyntaxError(
        new Error('Bad thing at position 3 (line 1 column 4)'),
        '{',
      ),
    ).toBe('Bad thing at position 3 (line 1 column 4)');
  });
});
