SELECT "Deal ID", "Amount (€)", "Stage", "user" FROM "Sales Dept"."Deal ""Pipeline""" ORDER BY 1;
