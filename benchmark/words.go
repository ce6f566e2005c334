package benchmark

// culture is a naming tradition: the forenames and surnames that go
// together, the country people of that tradition are usually screened
// with, and how a full name is put together.
type culture struct {
	country   string
	forenames []string
	surnames  []string
	// patronymic adds a father's name between forename and surname
	// (Russian -ovich, Arabic bin), with this probability in percent.
	patronymic int
	// familyFirst writes the surname first, as in Chinese and Korean.
	familyFirst bool
}

var cultures = []culture{
	{country: "US", forenames: []string{"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
		"David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
		"Christopher", "Karen", "Daniel", "Emily", "Matthew", "Ashley", "Anthony", "Michelle", "Mark", "Amanda",
		"Steven", "Melissa", "Kevin", "Laura", "Brian", "Rebecca", "George", "Hannah", "Edward", "Olivia"},
		surnames: []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
			"Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis",
			"Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker",
			"Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
			"Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed"}},
	{country: "GB", forenames: []string{"Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "Charlie", "Emily",
		"Thomas", "Sophie", "Alfie", "Grace", "Oscar", "Lily", "William", "Freya", "Henry", "Charlotte"},
		surnames: []string{"Jones", "Evans", "Davies", "Hughes", "Wood", "Hall", "Wright", "Walker", "Thompson",
			"Lewis", "Harrison", "Hughes", "Fletcher", "Patel", "Khan", "Shaw", "Pearson", "Bennett", "Holmes"}},
	{country: "DE", forenames: []string{"Lukas", "Anna", "Jonas", "Lea", "Leon", "Hannah", "Felix", "Lena",
		"Maximilian", "Marie", "Paul", "Sophie", "Jürgen", "Ursula", "Klaus", "Sabine", "Stefan", "Petra"},
		surnames: []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
			"Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann"}},
	{country: "FR", forenames: []string{"Jean", "Marie", "Pierre", "Nathalie", "Michel", "Isabelle", "Philippe",
		"Sylvie", "Alain", "Catherine", "Nicolas", "Camille", "Julien", "Chloé", "François", "Amélie"},
		surnames: []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
			"Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Fournier", "Girard", "Bonnet"}},
	{country: "ES", forenames: []string{"José", "María", "Antonio", "Carmen", "Juan", "Ana", "Manuel", "Isabel",
		"Francisco", "Laura", "Javier", "Lucía", "Carlos", "Elena", "Miguel", "Pilar", "Alejandro", "Sofía"},
		surnames: []string{"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
			"Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Álvarez", "Romero", "Navarro"}},
	{country: "MX", forenames: []string{"Luis", "Guadalupe", "Jorge", "Verónica", "Ricardo", "Alejandra",
		"Fernando", "Gabriela", "Eduardo", "Rosa", "Arturo", "Patricia", "Raúl", "Leticia"},
		surnames: []string{"Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Pérez", "Sánchez",
			"Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Torres", "Castillo", "Ortiz"}},
	{country: "RU", patronymic: 40, forenames: []string{"Aleksandr", "Yelena", "Sergey", "Olga", "Dmitry",
		"Natalya", "Andrey", "Tatyana", "Alexey", "Irina", "Vladimir", "Svetlana", "Mikhail", "Anna", "Ivan",
		"Yekaterina", "Nikolai", "Marina", "Yevgeny", "Lyudmila", "Igor", "Oksana", "Pavel", "Galina"},
		surnames: []string{"Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov", "Mikhailov",
			"Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev", "Semenov", "Egorov", "Pavlov",
			"Kozlov", "Stepanov", "Nikolaev", "Orlov", "Andreev", "Makarov", "Zaitsev", "Solovyov", "Vinogradov"}},
	{country: "AE", patronymic: 35, forenames: []string{"Mohammed", "Fatima", "Ahmed", "Aisha", "Ali", "Mariam",
		"Omar", "Khadija", "Abdullah", "Noura", "Hassan", "Layla", "Khalid", "Huda", "Youssef", "Salma",
		"Ibrahim", "Zainab", "Hamad", "Rashid", "Saeed", "Tariq", "Faisal", "Sultan"},
		surnames: []string{"Al Mansouri", "Al Nahyan", "Al Maktoum", "Al Hashimi", "Al Suwaidi", "Al Shamsi",
			"Al Falasi", "Al Mazrouei", "Haddad", "Khoury", "Nasser", "Saleh", "Hamdan", "Al Qasimi", "Al Harbi",
			"Al Otaibi", "Al Ghamdi", "Al Zahrani", "Mansour", "Aziz", "Rahman", "Qureshi", "Abbas", "Karim"}},
	{country: "CN", familyFirst: true, forenames: []string{"Wei", "Fang", "Jing", "Min", "Lei", "Jun", "Yan",
		"Jie", "Tao", "Ming", "Xiaoming", "Li Na", "Jianguo", "Hui", "Yong", "Xin", "Hao", "Qiang", "Lin",
		"Xiuying", "Guiying", "Zhiqiang", "Haiyan", "Chunmei"},
		surnames: []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
			"Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Tang", "Song"}},
	{country: "IN", forenames: []string{"Aarav", "Priya", "Rahul", "Ananya", "Amit", "Pooja", "Vikram", "Neha",
		"Rajesh", "Sunita", "Sanjay", "Kavita", "Arjun", "Deepika", "Suresh", "Lakshmi", "Ravi", "Meera"},
		surnames: []string{"Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Mehta", "Shah",
			"Joshi", "Desai", "Agarwal", "Chopra", "Malhotra", "Rao", "Verma", "Banerjee", "Mukherjee", "Pillai"}},
	{country: "JP", forenames: []string{"Hiroshi", "Yuki", "Takashi", "Keiko", "Kenji", "Akiko", "Satoshi",
		"Naoko", "Haruto", "Sakura", "Daisuke", "Yumi"},
		surnames: []string{"Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
			"Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura"}},
	{country: "KR", familyFirst: true, forenames: []string{"Min-jun", "Seo-yeon", "Ji-hoon", "Ji-woo",
		"Hyun-woo", "Soo-jin", "Dong-hyun", "Eun-ji", "Sung-min", "Hye-jin"},
		surnames: []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han"}},
	{country: "TR", forenames: []string{"Mehmet", "Ayşe", "Mustafa", "Fatma", "Ahmet", "Emine", "Ali", "Hatice",
		"Hüseyin", "Zeynep", "Murat", "Elif", "Emre", "Merve"},
		surnames: []string{"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
			"Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara"}},
	{country: "IR", forenames: []string{"Reza", "Maryam", "Hossein", "Zahra", "Mehdi", "Fatemeh", "Ali",
		"Narges", "Amir", "Leila", "Mohammad", "Shirin", "Hamid", "Parisa"},
		surnames: []string{"Hosseini", "Mohammadi", "Ahmadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Rahimi",
			"Hashemi", "Sadeghi", "Ghorbani", "Kazemi", "Tehrani", "Shirazi", "Esfahani", "Navabi"}},
	{country: "NG", forenames: []string{"Chinedu", "Ngozi", "Oluwaseun", "Funmilayo", "Emeka", "Aisha",
		"Ibrahim", "Chiamaka", "Tunde", "Folake", "Musa", "Amaka"},
		surnames: []string{"Okafor", "Adeyemi", "Okonkwo", "Bello", "Abubakar", "Eze", "Ogunleye", "Nwosu",
			"Balogun", "Ibrahim", "Usman", "Adebayo", "Chukwu", "Olawale"}},
	{country: "BR", forenames: []string{"João", "Ana", "Pedro", "Juliana", "Lucas", "Fernanda", "Gabriel",
		"Beatriz", "Rafael", "Camila", "Thiago", "Larissa"},
		surnames: []string{"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
			"Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Barbosa"}},
}

// Company names are put together from a distinctive part (a surname, a
// place, an invented word), an industry and a legal form.
var (
	places = []string{"Pacific", "Atlantic", "Northern", "Southern", "Eastern", "Western", "Global", "Continental",
		"Shenzhen", "Shanghai", "Beijing", "Hangzhou", "Guangzhou", "Dubai", "Istanbul", "Moscow", "Saint Petersburg",
		"Hamburg", "Rotterdam", "Singapore", "Hong Kong", "Mumbai", "Tehran", "Caracas", "Lagos", "Texas", "Ohio",
		"Bavaria", "Ural", "Siberian", "Baltic", "Caspian", "Gulf", "Nordic", "Alpine", "Andean", "Sahara"}
	coined = []string{"Nova", "Apex", "Vertex", "Zenith", "Orion", "Helix", "Quantum", "Stellar", "Vector",
		"Titan", "Aurora", "Summit", "Pinnacle", "Horizon", "Meridian", "Crest", "Falcon", "Phoenix", "Sigma",
		"Delta", "Omni", "Prime", "Astra", "Lumen", "Nexus", "Vanguard", "Keystone", "Evergreen", "Bluewater",
		"Ironbridge", "Silverline", "Redstone", "Greenfield", "Blackrock", "Goldstar", "Sunrise", "Harbor", "Unity",
		"Huaxin", "Zhongke", "Tianyu", "Jinlong", "Hengtai", "Ruixin", "Kangda", "Xinda", "Stroy", "Techno",
		"Energo", "Promstroy", "Avto", "Neft", "Gaz", "Trans", "Inter", "Sovtek", "Rosin", "Petro"}
	industries = []string{"Trading", "Logistics", "Shipping", "Electronics", "Technology", "Technologies",
		"Industries", "Holdings", "Capital", "Investments", "Petroleum", "Energy", "Chemicals", "Machinery",
		"Engineering", "Construction", "Pharmaceuticals", "Textiles", "Metals", "Mining", "Aviation",
		"Semiconductor", "Software", "Systems", "Communications", "Precision Instruments", "Import Export",
		"Marine Services", "Freight Forwarding", "Consulting", "Development", "Manufacturing", "Foods", "Agro",
		"Steel", "Plastics", "Optics", "Defense Systems", "Medical Devices", "Auto Parts", "Tools", "Minerals"}
	connectors = []string{"and", "&"}
)

// legalForms by country, as companies write them.
var legalForms = map[string][]string{
	"US": {"Inc.", "LLC", "Corp.", "Corporation", "Co.", "Incorporated", "L.P.", "Company"},
	"GB": {"Ltd", "Limited", "PLC", "LLP", "Ltd."},
	"DE": {"GmbH", "AG", "GmbH & Co. KG", "KG", "e.K."},
	"FR": {"SA", "SARL", "SAS", "S.A."},
	"ES": {"S.A.", "S.L.", "SL", "SA"},
	"MX": {"S.A. de C.V.", "S. de R.L. de C.V.", "SA de CV"},
	"RU": {"OOO", "AO", "PAO", "ZAO", "LLC", "JSC", "OJSC"},
	"AE": {"LLC", "FZE", "FZCO", "DMCC", "L.L.C.", "General Trading LLC"},
	"CN": {"Co., Ltd.", "Co. Ltd", "Limited", "Group Co., Ltd.", "Company Limited", "Ltd."},
	"HK": {"Limited", "Ltd", "Company Limited", "Holdings Limited"},
	"IN": {"Pvt. Ltd.", "Private Limited", "Limited", "LLP"},
	"JP": {"Co., Ltd.", "K.K.", "Corporation", "Kabushiki Kaisha"},
	"KR": {"Co., Ltd.", "Corp.", "Inc."},
	"TR": {"A.Ş.", "Ltd. Şti.", "Sanayi ve Ticaret A.Ş."},
	"IR": {"Co.", "Company", "Private Joint Stock Company", "PJSC"},
	"NG": {"Ltd", "Limited", "Plc", "Nigeria Limited"},
	"BR": {"Ltda.", "S.A.", "LTDA", "Eireli"},
}

// Names in original scripts, a small share of real-world input.
var (
	hanCities     = []string{"深圳市", "上海", "北京", "杭州", "广州市", "天津", "重庆", "成都", "武汉", "南京"}
	hanWords      = []string{"华信", "中科", "天宇", "金龙", "恒泰", "瑞新", "康达", "鑫达", "海通", "长城", "东方", "新华"}
	hanIndustries = []string{"电子", "科技", "贸易", "物流", "机械", "化工", "能源", "通信", "精密仪器", "半导体"}
	hanForms      = []string{"有限公司", "股份有限公司", "集团有限公司", "有限责任公司"}
	hanSurnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"}
	hanGiven      = []string{"伟", "芳", "娜", "敏", "静", "磊", "军", "洋", "勇", "艳", "建国", "志强", "秀英"}
	cyrForenames  = []string{"Иван", "Сергей", "Алексей", "Дмитрий", "Ольга", "Елена", "Наталья", "Андрей"}
	cyrSurnames   = []string{"Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков"}
	cyrCompanies  = []string{"ООО «Стройтранс»", "АО «Энергомаш»", "ООО «Техносервис»", "ПАО «Промсвязь»",
		"ООО «Альфа-Трейд»", "АО «Уралхим»", "ООО «Северный Путь»", "ЗАО «Интерсофт»"}
)
