//! Diesel table definitions, matching `migrations/` (written by hand, checked by the migration
//! tests that query every table).

diesel::table! {
    accounts (id) {
        id -> Uuid,
        name -> Text,
        timezone -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        account_id -> Uuid,
        email -> Text,
        name -> Text,
        role -> Text,
        can_view_admin -> Bool,
        is_active -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    teams (id) {
        id -> Uuid,
        account_id -> Uuid,
        name -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    team_members (team_id, user_id) {
        team_id -> Uuid,
        user_id -> Uuid,
    }
}

diesel::table! {
    trees (id) {
        id -> Uuid,
        account_id -> Uuid,
        author_id -> Nullable<Uuid>,
        name -> Text,
        tree_type -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    tree_nodes (tree_id, node_id) {
        tree_id -> Uuid,
        node_id -> Text,
        title -> Text,
        step_id -> Nullable<Uuid>,
        position -> Int4,
    }
}

diesel::table! {
    step_library (id) {
        id -> Uuid,
        account_id -> Uuid,
        title -> Text,
        helpful_yes -> Int4,
        helpful_no -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    sessions (id) {
        id -> Uuid,
        account_id -> Uuid,
        tree_id -> Uuid,
        user_id -> Uuid,
        started_at -> Timestamptz,
        completed_at -> Nullable<Timestamptz>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    step_ratings (id) {
        id -> Uuid,
        step_id -> Uuid,
        user_id -> Uuid,
        session_id -> Uuid,
        tree_id -> Nullable<Uuid>,
        node_id -> Nullable<Text>,
        was_helpful -> Bool,
        rating -> Nullable<Int4>,
        review_text -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    session_ratings (id) {
        id -> Uuid,
        session_id -> Uuid,
        user_id -> Uuid,
        tree_id -> Uuid,
        account_id -> Uuid,
        rating -> Int4,
        comment -> Nullable<Varchar>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    conversations (id) {
        id -> Uuid,
        account_id -> Uuid,
        owner_id -> Uuid,
        title -> Text,
        is_public -> Bool,
        public_permission -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    conversation_shares (conversation_id, user_id) {
        conversation_id -> Uuid,
        user_id -> Uuid,
        permission -> Nullable<Text>,
        granted_by -> Nullable<Uuid>,
        granted_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    conversation_team_shares (conversation_id, team_id) {
        conversation_id -> Uuid,
        team_id -> Uuid,
        permission -> Nullable<Text>,
        granted_by -> Nullable<Uuid>,
        granted_at -> Timestamptz,
    }
}

diesel::table! {
    messages (id) {
        id -> Uuid,
        conversation_id -> Uuid,
        client_message_id -> Nullable<Text>,
        role -> Text,
        content -> Text,
        sender_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    message_feedback (message_id, user_id) {
        message_id -> Uuid,
        user_id -> Uuid,
        rating -> Text,
        reason -> Nullable<Text>,
        comment -> Nullable<Text>,
        submitted_at -> Timestamptz,
    }
}

diesel::table! {
    nps_campaigns (id) {
        id -> Uuid,
        account_id -> Uuid,
        name -> Text,
        starts_at -> Timestamptz,
        ends_at -> Timestamptz,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        stopped_by -> Nullable<Uuid>,
        stopped_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    nps_responses (id) {
        id -> Uuid,
        account_id -> Uuid,
        user_id -> Uuid,
        campaign_id -> Nullable<Uuid>,
        score -> Int4,
        comment -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(users -> accounts (account_id));
diesel::joinable!(teams -> accounts (account_id));
diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(team_members -> users (user_id));
diesel::joinable!(trees -> accounts (account_id));
diesel::joinable!(tree_nodes -> trees (tree_id));
diesel::joinable!(tree_nodes -> step_library (step_id));
diesel::joinable!(sessions -> trees (tree_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(step_ratings -> step_library (step_id));
diesel::joinable!(step_ratings -> sessions (session_id));
diesel::joinable!(session_ratings -> sessions (session_id));
diesel::joinable!(session_ratings -> users (user_id));
diesel::joinable!(session_ratings -> trees (tree_id));
diesel::joinable!(conversations -> users (owner_id));
diesel::joinable!(conversation_shares -> conversations (conversation_id));
diesel::joinable!(conversation_team_shares -> conversations (conversation_id));
diesel::joinable!(conversation_team_shares -> teams (team_id));
diesel::joinable!(messages -> conversations (conversation_id));
diesel::joinable!(message_feedback -> messages (message_id));
diesel::joinable!(message_feedback -> users (user_id));
diesel::joinable!(nps_responses -> nps_campaigns (campaign_id));
diesel::joinable!(nps_responses -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    users,
    teams,
    team_members,
    trees,
    tree_nodes,
    step_library,
    sessions,
    step_ratings,
    session_ratings,
    conversations,
    conversation_shares,
    conversation_team_shares,
    messages,
    message_feedback,
    nps_campaigns,
    nps_responses,
);
