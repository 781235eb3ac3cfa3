"""French text material for the demo feeds: templates, titles, names and places.

Kept apart from the generator so the wording can be reviewed as prose. Every template carries
clear cues (praise, complaint, question) so a lexicon-and-rules analyser can label it; the
generator records the intended label next to each post.
Placeholders: {b} brand as written, {product}/{Product} a product with its article, {city},
{n} a good speed, {small} a poor speed, {price}/{big_price} euros, {go}/{go2} data caps, {wait}
minutes of waiting.
"""

from __future__ import annotations

THEMES = ("reseau", "service-client", "facturation", "offre", "boutique-livraison")

# (possible titles, text) per theme and sentiment; the titles fit their text.
CORES: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {
    "reseau": {
        "positive": [
            (
                ("Fibre {b} : débit au top", "Enfin la fibre !"),
                "Passé à la fibre {b} il y a deux semaines à {city} : {n} Mb/s en descendant, "
                "c'est top ! 🚀",
            ),
            (
                ("Réseau {b} nickel", "La 5G qui capte partout"),
                "Franchement le réseau {b} est excellent chez moi, la 5G capte partout, même dans "
                "le tram.",
            ),
            (
                ("Six mois sans coupure", "Connexion très stable"),
                "Aucune coupure depuis six mois avec {b}, débit stable et rapide. Très satisfait.",
            ),
            (
                ("Débit impeccable", "Test de débit du jour"),
                "Test de débit ce matin sur ma box {b} : {n} Mb/s. Rien à redire, ça marche "
                "parfaitement 👌",
            ),
            (
                ("Bonne couverture en vacances", "La 4G même dans le Cantal"),
                "J'avais peur pour la 4G en vacances dans le Cantal, mais {b} capte super bien "
                "partout. Belle surprise !",
            ),
            (
                ("5G {b} enfin chez moi !", "La 5G arrive à {city}"),
                "La 5G {b} est enfin arrivée à {city} et c'est génial : téléchargements ultra "
                "rapides 😍",
            ),
            (
                ("Fini les coupures", "Très contente de la fibre"),
                "Depuis le passage à la fibre {b}, fini les coupures. Connexion fiable, je suis "
                "ravie.",
            ),
        ],
        "negative": [
            (
                ("Coupures à répétition", "Encore une coupure ce soir"),
                "Encore une coupure de réseau {b} ce soir à {city}, la troisième cette semaine. "
                "Ras-le-bol !",
            ),
            (
                ("Débit en chute libre", "Débit catastrophique"),
                "Débit catastrophique avec {b} : {small} Mb/s au lieu des {n} promis. "
                "Inadmissible.",
            ),
            (
                ("Plus de 4G depuis deux jours", "Plus de réseau dans mon quartier"),
                "Plus de 4G depuis deux jours dans mon quartier à {city} et {b} ne donne aucune "
                "info. Nul.",
            ),
            (
                ("La fibre décroche tous les soirs", "Connexion instable le soir"),
                "La fibre {b} décroche tous les soirs vers 21 h, impossible de regarder un film. "
                "Très déçu 😡",
            ),
            (
                ("{b} : réseau saturé", "Réseau saturé en centre-ville"),
                "Réseau {b} complètement saturé en centre-ville de {city}, même un SMS ne passe "
                "pas. Lamentable.",
            ),
            (
                ("Connexion qui rame", "Débit minable le soir"),
                "Ma connexion {b} rame depuis une semaine, {small} Mb/s le soir. C'est "
                "insupportable.",
            ),
        ],
        "neutral": [
            (
                ("Couverture 5G à {city} ?", "5G {b} à {city}"),
                "Quelqu'un a testé la 5G {b} à {city} ? Je voudrais savoir si ça capte dans le "
                "centre.",
            ),
            (
                ("Éligibilité fibre", "Fibre {b} à {city} ?"),
                "La fibre {b} est-elle disponible à {city} ? La carte de couverture indique "
                "« prochainement » pour mon immeuble.",
            ),
            (
                ("Question débit Wi-Fi", "Écart Wi-Fi / Ethernet"),
                "Ma box {b} affiche {n} Mb/s en Ethernet et {small} Mb/s en Wi-Fi, c'est l'écart "
                "habituel ?",
            ),
            (
                ("5G et iPhone 13", "Activer la 5G ?"),
                "Est-ce que la 5G {b} fonctionne avec un iPhone 13 ? Je ne vois que 4G dans les "
                "réglages.",
            ),
            (
                ("Débit fibre à {city} ?", "Déménagement à {city}"),
                "Je déménage à {city} en septembre : quelqu'un connaît le débit fibre {b} dans le "
                "quartier de la gare ?",
            ),
        ],
    },
    "service-client": {
        "positive": [
            (
                ("Merci au service client", "Problème réglé en dix minutes"),
                "Appel au service client {b} ce matin : conseiller sympa et efficace, problème "
                "réglé en dix minutes. Merci !",
            ),
            (
                ("Hotline efficace", "Bravo à la hotline"),
                "Je tiens à saluer la hotline {b} : réponse rapide, conseillère patiente et "
                "compétente. Bravo 👏",
            ),
            (
                ("Rappelé dans l'heure", "Bon point pour le SAV {b}"),
                "Bonne surprise : {b} m'a rappelé dans l'heure comme promis. Service client au "
                "top.",
            ),
            (
                ("Chat en ligne efficace", "Changement de forfait express"),
                "Chat en ligne {b} vraiment efficace, mon changement de forfait a été fait en cinq "
                "minutes. Parfait.",
            ),
            (
                ("Conseiller au top", "Un mois offert"),
                "Le conseiller {b} a pris le temps de tout m'expliquer et m'a offert un mois. Très "
                "agréable 🙂",
            ),
        ],
        "negative": [
            (
                ("Hotline : {wait} minutes d'attente", "Raccroché au nez"),
                "{wait} minutes d'attente à la hotline {b} pour finalement être raccroché au nez. "
                "Honteux.",
            ),
            (
                ("Trois appels, trois réponses", "SAV {b} : la galère"),
                "Trois appels au service client {b}, trois réponses différentes. Personne n'est "
                "capable de régler mon problème 😤",
            ),
            (
                ("Aucune réponse", "Service client injoignable"),
                "Aucune réponse de {b} à mes mails depuis deux semaines. Service client "
                "inexistant.",
            ),
            (
                ("Rappel promis, jamais reçu", "On me balade"),
                "Le service client {b} me balade depuis un mois, on me promet un rappel qui "
                "n'arrive jamais. Inadmissible.",
            ),
            (
                ("Conseiller désagréable", "Accueil téléphonique lamentable"),
                "Conseiller {b} désagréable au possible, il m'a coupé la parole et raccroché. "
                "Lamentable.",
            ),
        ],
        "neutral": [
            (
                ("Joindre le service client ?", "Numéro direct ?"),
                "Est-ce que quelqu'un a un numéro direct pour joindre le service client {b} ? Le "
                "chat renvoie toujours vers la FAQ.",
            ),
            (
                ("Horaires de la hotline", "Ouvert le dimanche ?"),
                "Le service client {b} est-il ouvert le dimanche ? Je dois modifier mon adresse.",
            ),
            (
                ("Adresse pour une réclamation", "Contacter {b} par courrier"),
                "Comment contacter {b} par courrier pour une réclamation ? Je ne trouve pas "
                "l'adresse sur le site.",
            ),
            (
                ("Changer de titulaire", "Titulaire de la ligne"),
                "Petite question : les conseillers {b} peuvent-ils changer le titulaire de la "
                "ligne par téléphone ?",
            ),
        ],
    },
    "facturation": {
        "positive": [
            (
                ("Remboursement rapide", "Erreur de facture vite réglée"),
                "Remboursement reçu en trois jours après une erreur sur ma facture, {b} a été "
                "réglo. Très content 🙂",
            ),
            (
                ("Baisse de prix appréciée", "Forfait moins cher"),
                "Bonne nouvelle : {b} a baissé mon forfait de 5 € sans que je demande rien. "
                "Agréable surprise !",
            ),
            (
                ("Prix imbattable", "Bon plan {b}"),
                "Prix imbattable chez {b} : {price} € pour {go} Go, je suis ravi.",
            ),
            (
                ("Facture nickel", "Factures sans surprise"),
                "Facture {b} claire et sans surprise depuis un an, c'est tellement appréciable.",
            ),
            (
                ("Geste commercial apprécié", "20 € remboursés"),
                "Geste commercial de {b} après mon souci de prélèvement : 20 € remboursés. Top !",
            ),
        ],
        "negative": [
            (
                ("Facture délirante", "Options jamais demandées"),
                "Facture {b} de {big_price} € ce mois-ci au lieu de {price} €, avec des options "
                "jamais demandées. Scandaleux !",
            ),
            (
                ("Double prélèvement", "Toujours pas remboursé"),
                "Double prélèvement chez {b} et toujours pas remboursé au bout d'un mois. "
                "Inadmissible.",
            ),
            (
                ("Hausse de prix non annoncée", "+3 € sans prévenir"),
                "Hausse de tarif de 3 € chez {b} sans prévenir… Franchement abusé 😠",
            ),
            (
                ("Frais de résiliation abusifs", "Frais abusifs"),
                "{b} me facture des frais de résiliation alors que j'étais hors engagement. "
                "C'est du vol.",
            ),
            (
                ("Frais de rejet injustifiés", "Prélèvement rejeté"),
                "Prélèvement {b} rejeté par erreur, et hop, 7,50 € de frais de rejet. Honteux.",
            ),
        ],
        "neutral": [
            (
                ("Télécharger sa facture", "Facture en PDF ?"),
                "Comment télécharger sa facture {b} en PDF ? Je ne trouve pas le menu dans "
                "l'appli.",
            ),
            (
                ("Date de prélèvement", "Changement de banque"),
                "Le prélèvement {b} se fait à quelle date en général ? Je change de banque.",
            ),
            (
                ("Paiement par carte ?", "Question facturation"),
                "Quelqu'un sait si {b} propose le paiement par carte au lieu du prélèvement ?",
            ),
            (
                ("Location de la box", "Que comprend la facture ?"),
                "La facture {b} inclut-elle la location de la box ou c'est une ligne à part ?",
            ),
        ],
    },
    "offre": {
        "positive": [
            (
                ("Nouvelle box : conquis", "La nouvelle box est géniale"),
                "La nouvelle box {b} est vraiment géniale : Wi-Fi 7, silencieuse et facile à "
                "installer. Content de mon choix !",
            ),
            (
                ("Super forfait", "Excellent rapport qualité-prix"),
                "Forfait {b} {go} Go à {price} € : excellent rapport qualité-prix 👍",
            ),
            (
                ("L'option TV est super", "Appli TV fluide"),
                "L'option TV de {b} est super, l'appli est fluide et il y a plein de chaînes. "
                "J'adore.",
            ),
            (
                ("Conquise", "Promesses tenues"),
                "{Product} tient toutes ses promesses, je suis très satisfaite.",
            ),
            (
                ("Parfait pour voyager", "Illimité en Europe"),
                "Offre {b} avec 5G et appels illimités en Europe, parfait pour mes déplacements. "
                "Génial !",
            ),
        ],
        "negative": [
            (
                ("Offre trompeuse", "Prix qui double après un an"),
                "L'offre {b} annoncée à {price} € passe à {big_price} € au bout d'un an, c'est de "
                "la publicité mensongère.",
            ),
            (
                ("Box qui plante", "Décodeur d'une lenteur pénible"),
                "La box {b} plante tous les deux jours et le décodeur est d'une lenteur pénible. "
                "Très déçu.",
            ),
            (
                ("Promesses non tenues", "Débit bridé le soir"),
                "{Product} ne tient pas ses promesses : débit bridé le soir et appli buggée. Nul.",
            ),
            (
                ("Option imposée", "Option impossible à désactiver"),
                "Option {b} impossible à désactiver dans l'appli, c'est scandaleux.",
            ),
            (
                ("Box qui chauffe", "Redémarrages en boucle"),
                "La nouvelle box {b} chauffe énormément et redémarre toute seule. Honteux pour ce "
                "prix.",
            ),
        ],
        "neutral": [
            (
                ("Option incluse ?", "Netflix inclus ?"),
                "Vous savez si l'option Netflix est incluse dans la nouvelle offre {b} ? L'appli "
                "ne le précise pas.",
            ),
            (
                ("Quel forfait choisir ?", "{go} Go ou {go2} Go ?"),
                "J'hésite entre le forfait {b} {go} Go et celui à {go2} Go, vous consommez "
                "combien par mois ?",
            ),
            (
                ("Disponible en boutique ?", "Achat en ligne seulement ?"),
                "Est-ce que {product} est disponible en boutique ou seulement en ligne ?",
            ),
            (
                ("Offre étudiante ?", "Promo de rentrée ?"),
                "Quelqu'un sait si {b} propose une offre spéciale étudiants à la rentrée ?",
            ),
        ],
    },
    "boutique-livraison": {
        "positive": [
            (
                ("Installation parfaite", "Technicien ponctuel"),
                "Technicien {b} venu à l'heure pour l'installation de la fibre, travail propre et "
                "rapide. Parfait !",
            ),
            (
                ("Livraison express", "SIM reçue en 24 h"),
                "Colis {b} livré en 24 h avec la carte SIM, activation immédiate. Impeccable.",
            ),
            (
                ("Accueil en boutique au top", "Vendeur très pro"),
                "Accueil très agréable en boutique {b} à {city}, le vendeur a pris le temps de "
                "tout m'expliquer.",
            ),
            (
                ("Installation en 40 minutes", "Technicien super pro"),
                "Installation de la box {b} par le technicien en 40 minutes chrono, super pro 👍",
            ),
            (
                ("Livré en avance", "Commande bien reçue"),
                "Livraison du smartphone commandé chez {b} en avance, emballage soigné. Très "
                "contente !",
            ),
        ],
        "negative": [
            (
                ("Technicien absent", "Rendez-vous manqué"),
                "Le technicien {b} ne s'est jamais présenté au rendez-vous d'installation. "
                "Journée de congé perdue, lamentable.",
            ),
            (
                ("Colis perdu", "Box introuvable"),
                "Ma box {b} devait arriver lundi, colis toujours introuvable une semaine après. "
                "Livraison catastrophique.",
            ),
            (
                ("Une heure d'attente en boutique", "Vendeur désagréable"),
                "En boutique {b} à {city}, une heure d'attente et un vendeur désagréable. Plus "
                "jamais.",
            ),
            (
                ("Installation encore reportée", "Quatrième report"),
                "Installation fibre {b} reportée pour la quatrième fois. C'est n'importe quoi 😡",
            ),
            (
                ("Colis ouvert, SIM manquante", "Livraison bâclée"),
                "Colis {b} livré ouvert avec la carte SIM manquante. Inadmissible.",
            ),
        ],
        "neutral": [
            (
                ("Délai d'installation ?", "Installation en immeuble"),
                "Quelqu'un sait combien de temps prend l'installation de la fibre {b} en "
                "immeuble ?",
            ),
            (
                ("Retour de box", "Renvoyer l'ancienne box"),
                "Pour renvoyer l'ancienne box {b}, n'importe quel bureau de poste fait l'affaire ?",
            ),
            (
                ("Boutique sans rendez-vous ?", "Changer de SIM en boutique"),
                "La boutique {b} de {city} fait-elle les changements de carte SIM sans "
                "rendez-vous ?",
            ),
            (
                ("Passage du technicien", "Technicien dans le logement ?"),
                "Le technicien {b} doit-il entrer dans le logement ou seulement au local "
                "technique ?",
            ),
        ],
    },
}

OPENERS = {
    "positive": [
        "",
        "",
        "Petit retour d'expérience : ",
        "Coup de cœur du jour : ",
        "Je partage parce que c'est rare : ",
        "Hello ! ",
    ],
    "negative": ["", "", "Coup de gueule : ", "Je suis à bout. ", "Sérieusement ? ", "Bonjour, "],
    "neutral": ["", "", "Bonjour à tous, ", "Question : ", "Hello, ", "Bonjour, "],
}
CLOSERS = {
    "positive": ["", "", " Bravo à l'équipe !", " 👍", " Ça fait plaisir !"],
    "negative": ["", "", " J'en ai marre.", " 😡", " Bref, la galère.", " Je n'en peux plus."],
    "neutral": ["", "", " Des infos ?", " Si quelqu'un a l'info…", " Des retours d'expérience ?"],
}
RECOMMEND_CUES = [" Je recommande {b} !", " Je vous conseille {b}, foncez."]
ADVISE_AGAINST_CUES = [" Je déconseille {b}.", " {B} : à fuir !"]
LEAVE_CUES = [" Je vais résilier.", " Je change d'opérateur dès la fin du mois."]

HASHTAGS = {
    "reseau": ["#fibre", "#5G", "#réseau", "#4G"],
    "service-client": ["#serviceclient", "#SAV", "#hotline"],
    "facturation": ["#facture", "#prix", "#conso"],
    "offre": ["#forfait", "#box", "#bonplan"],
    "boutique-livraison": ["#livraison", "#installation", "#boutique"],
}

CITIES = [
    "Lyon",
    "Nantes",
    "Lille",
    "Toulouse",
    "Rennes",
    "Brest",
    "Clermont-Ferrand",
    "Dijon",
    "Pau",
    "Metz",
    "Angers",
    "Perpignan",
    "Annecy",
    "Limoges",
    "Tours",
    "Amiens",
    "Besançon",
    "Nîmes",
    "Caen",
    "Reims",
    "Poitiers",
    "Valence",
    "Colmar",
    "Bayonne",
    "Saint-Étienne",
    "Grenoble",
    "Montpellier",
    "Orléans",
    "Quimper",
    "Chambéry",
]

# One-off pseudonyms are built from these parts; the generator checks they never collide with
# the recurring cast.
NAME_STEMS = [
    "lucie",
    "fredo",
    "benoit",
    "camille",
    "yanis",
    "mamie_geek",
    "chloe",
    "hugo",
    "ines",
    "maxime",
    "sarah",
    "nico",
    "emma",
    "lucas",
    "manon",
    "theo",
    "clara",
    "romain",
    "jade",
    "bastien",
    "oceane",
    "kevin",
    "amandine",
    "alexis",
    "pauline",
    "quentin",
    "elodie",
    "jerome",
    "nathalie",
    "vincent",
    "laetitia",
    "gaelle",
    "olivier",
    "marine",
    "sebastien",
    "aurelie",
    "pierrot",
    "zoe",
    "mehdi",
    "fanny",
    "loic",
    "cindy",
    "david",
    "ophelie",
    "raphael",
    "lola",
]
NAME_TAILS = [
    "_31",
    "_du_69",
    "V",
    "_bzh",
    "75",
    ".pro",
    "_44",
    "_2026",
    "13",
    "_lyon",
    "_59",
    "_geek",
    "_music",
    "B",
    "R",
    "_06",
    "_29",
    "_ch",
    "33",
    "_t",
]

# Staff answers by theme of the thread; "generic" fits any thread.
STAFF_REPLIES: dict[str, list[str]] = {
    "generic": [
        "Bonjour {user}, merci pour votre message ! Je vous ai envoyé un message privé "
        "pour régler votre dossier rapidement. {b} reste à votre écoute 🙂",
        "Bonjour {user}, merci d'avoir pris le temps de nous écrire. J'ai transmis votre "
        "demande au service concerné, qui vous rappellera demain. Belle journée, l'équipe {b}",
    ],
    "reseau": [
        "Bonjour {user}, merci pour votre message. Je viens de vérifier votre ligne : "
        "l'incident local est résolu depuis ce matin. N'hésitez pas à redémarrer votre box. "
        "Bonne journée ! — L'équipe {b}",
        "Bonjour {user}, nos techniciens sont intervenus sur l'antenne de votre secteur, le "
        "réseau {b} est de nouveau pleinement disponible. Merci pour votre patience !",
    ],
    "facturation": [
        "Bonjour {user}, bonne nouvelle : le geste commercial a bien été appliqué sur votre "
        "prochaine facture. Merci pour votre patience ! — L'équipe {b}",
        "Bonjour {user}, c'est corrigé : l'option a été désactivée et le montant vous sera "
        "remboursé sous 5 jours. Merci de votre confiance envers {b} !",
    ],
    "boutique-livraison": [
        "Bonjour {user}, merci pour votre retour. Un technicien {b} passera jeudi matin, le "
        "rendez-vous est confirmé par SMS. Excellente journée !",
        "Bonjour {user}, votre colis a été localisé et sera livré demain. Toute l'équipe {b} "
        "vous remercie pour votre patience 🙂",
    ],
    "offre": [
        "Bonjour {user}, merci pour votre question ! Tous les détails de l'offre sont dans "
        "l'espace client {b}, rubrique « Mon offre ». Je reste disponible si besoin.",
    ],
    "service-client": [
        "Bonjour {user}, merci pour votre message. Le service client {b} est joignable 7 j/7 "
        "par chat et au 3900 de 8 h à 20 h. Bonne journée !",
    ],
}

CRISIS_LEADS = {
    "start": [
        "Panne Fibralis ce matin à {city} : plus d'internet, plus de télé.",
        "Coupure totale chez Fibralis à {city} depuis 8 h.",
        "Plus de réseau chez Fibralis à {city}, ni fibre ni mobile.",
        "Fibralis en panne chez moi aussi à {city} ?!",
        "@Fibralis plus aucune connexion à {city} depuis ce matin.",
        "Grosse panne Fibralis à {city}, tout le quartier est coupé.",
    ],
    "middle": [
        "Jour {d} de panne chez Fibralis à {city}.",
        "Toujours pas de réseau chez Fibralis à {city}.",
        "{hours} heures sans internet avec Fibralis à {city}.",
        "@Fibralis c'est toujours coupé à {city}.",
        "Panne Fibralis : toujours rien à {city}.",
        "Coupure Fibralis à {city}, on en est à {hours} heures.",
    ],
    "end": [
        "Toujours pas rétabli chez Fibralis à {city}, jour {d}.",
        "Jour {d} de coupure Fibralis à {city}, toujours pas rétabli.",
        "Fibralis : le réseau revient puis recoupe à {city}, toujours pas rétabli.",
        "Même le 15 août, plus de réseau chez Fibralis à {city}.",
        "@Fibralis jour {d} de panne à {city}, c'est toujours pas rétabli.",
    ],
}
CRISIS_DETAILS = [
    "Impossible de télétravailler.",
    "Aucune info sur l'appli.",
    "La hotline est saturée, deux heures d'attente.",
    "Les enfants n'ont plus rien, même pas la télé.",
    "Même le fixe ne marche plus.",
    "Aucun message de l'opérateur.",
    "Le suivi d'incident affiche « en cours » depuis hier.",
    "Mon voisin est dans le même cas.",
]
CRISIS_REACTIONS = [
    "C'est honteux.",
    "Inadmissible !",
    "On nous prend pour des idiots 😡",
    "Quelle galère…",
    "Scandaleux pour un opérateur national.",
    "J'en ai ras-le-bol.",
    "Vous comptez nous dédommager ?",
    "Lamentable.",
]
CRISIS_TITLES = [
    "Panne générale ?",
    "Plus rien depuis ce matin",
    "Toujours pas rétabli",
    "Panne Fibralis à {city}",
    "Dédommagement après la panne ?",
    "Coupure Fibralis : jour {d}",
    "Panne Fibralis : des nouvelles ?",
]
CRISIS_TAGS = ["#pannefibralis", "#panne", "#fibre", ""]

NEWS_FR = [
    (
        "{B} lance un forfait 5G à {price} € par mois",
        "L'opérateur {B} a présenté une nouvelle offre mobile comprenant {go} Go de données en 5G "
        "et les appels illimités. Elle sera commercialisée le mois prochain en boutique et en "
        "ligne.",
        "offre",
    ),
    (
        "Fibre : {B} annonce {k} nouvelles communes raccordables",
        "{B} a publié sa carte de couverture mise à jour : {k} communes supplémentaires, "
        "principalement dans la région de {city}, sont désormais éligibles à ses offres fibre.",
        "reseau",
    ),
    (
        "Tarifs : {B} modifie le prix de ses box",
        "À compter du mois prochain, le prix des box {B} évoluera de {delta} € par mois pour les "
        "nouveaux abonnés. Les clients actuels conservent leur tarif, précise l'opérateur.",
        "facturation",
    ),
    (
        "{B} ouvre {k} boutiques d'ici la fin de l'année",
        "L'opérateur {B} poursuit le développement de son réseau de distribution avec {k} "
        "ouvertures prévues d'ici décembre, dont une à {city}.",
        "boutique-livraison",
    ),
    (
        "Couverture 5G : les chiffres du trimestre pour {B}",
        "Selon les données transmises au régulateur, {B} couvre désormais {pct} % de la "
        "population en 5G, contre {pct0} % au trimestre précédent.",
        "reseau",
    ),
    (
        "{B} publie ses résultats trimestriels",
        "{B} revendique {k} 000 nouveaux abonnés sur le trimestre et un chiffre d'affaires de "
        "{ca} millions d'euros, en hausse de {pct_small} %.",
        "offre",
    ),
    (
        "{B} réorganise son service client",
        "{B} annonce le regroupement de ses centres d'appels en trois sites et l'ouverture d'un "
        "canal de discussion en ligne accessible sept jours sur sept.",
        "service-client",
    ),
]
NEWS_EN = [
    (
        "{E} expands 5G coverage to {k} more French towns",
        "French operator {E} said on {weekday} it had switched on 5G in {k} additional towns, "
        "bringing its population coverage to {pct} percent.",
        "reseau",
    ),
    (
        "{E} launches budget 5G plan in France",
        "{E} unveiled a {go} GB 5G mobile plan priced at {price} euros a month, aimed at students "
        "and price-conscious customers.",
        "offre",
    ),
    (
        "{E} reports subscriber figures for the quarter",
        "{E} said it added {k},000 subscribers in the quarter, with revenue of {ca} million euros.",
        "offre",
    ),
    (
        "{E} to adjust broadband prices for new customers",
        "{E} will change the monthly price of its broadband bundles by {delta} euros for new "
        "subscribers next month, the company said.",
        "facturation",
    ),
]
JOURNALISTS_FR = ["Claire Dubois", "Hugo Martin", "Inès Moreau", "Samir Haddad"]
JOURNALISTS_EN = ["James Whitaker", "Priya Natarajan"]
