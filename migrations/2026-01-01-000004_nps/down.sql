DROP TABLE nps_responses;
DROP TABLE nps_campaigns;
