"""Operations admin."""
