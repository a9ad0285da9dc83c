import { splitAtDifference } from './answer-diff';

interface AnswerTextProps {
  text: string;
  /** The first column's answer to the same prompt; differences from it are highlighted. */
  reference: string | null;
  streaming: boolean;
}

/** An answer, with the first word where it departs from the reference marked and the rest tinted. */
export function AnswerText({ text, reference, streaming }: AnswerTextProps) {
  const split = reference === null ? null : splitAtDifference(reference, text);
  return (
    <div className="pg-answer" data-testid="pg-answer" data-streaming={streaming ? 'true' : 'false'}>
      {split ? (
        <>
          {split.same}
          <mark className="pg-diff-word" data-testid="pg-diff" title="First word that differs from the first column">
            {split.word}
          </mark>
          <span className="pg-diff-rest">{split.rest}</span>
        </>
      ) : (
        text
      )}
      {streaming && <span className="pg-caret" aria-hidden="true" />}
    </div>
  );
}
