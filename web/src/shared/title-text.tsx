// A case title in a list: it wraps (Chinese breaks between any two characters, English between
// words) over at most `rows` lines, and only then ends in "…", with the whole title on hover or tap.
import { Typography } from 'antd';

export function TitleText({ text, rows = 2 }: { text: string; rows?: number }) {
  return (
    <Typography.Paragraph
      ellipsis={{ rows, tooltip: { title: text, trigger: ['hover', 'click'] } }}
      style={{ margin: 0, overflowWrap: 'break-word' }}
      data-testid="title-text"
    >
      {text}
    </Typography.Paragraph>
  );
}
