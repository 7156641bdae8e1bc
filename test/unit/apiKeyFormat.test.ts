import { strict as assert } from 'node:assert';
import { keyFormat } from '../../src/core/gemini/apiKeyFormat';

describe('API key formats', () => {
  it('recognises the classic AIza key (exactly 35 characters after the prefix)', () => {
    assert.equal(keyFormat('AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'), 'classic');
    assert.equal(keyFormat('  AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q\n'), 'classic');
    assert.equal(keyFormat('AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6'), 'unknown', 'truncated');
  });
  it('recognises the newer AQ. key', () => {
    assert.equal(keyFormat('AQ.Ab8RN6KxQ3m9ZpL2vT7yW1sD4fG6hJ8kLmN0pQrS'), 'newer');
    assert.equal(keyFormat('AQ.short'), 'unknown');
  });
  it('anything else is unknown', () => {
    assert.equal(keyFormat('GEMINI_API_KEY=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'), 'unknown');
    assert.equal(keyFormat('test-key'), 'unknown');
  });
});
