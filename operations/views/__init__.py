"""Operations pages and endpoints, split by concern."""
