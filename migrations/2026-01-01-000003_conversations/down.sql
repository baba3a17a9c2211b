DROP TABLE message_feedback;
DROP TABLE messages;
DROP TABLE conversation_team_shares;
DROP TABLE conversation_shares;
DROP TABLE conversations;
